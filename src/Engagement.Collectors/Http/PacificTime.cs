namespace Engagement.Collectors.Http;

/// <summary>YouTube's quota day runs midnight to midnight Pacific time.</summary>
internal static class PacificTime
{
    private static readonly TimeZoneInfo Zone = Load();

    /// <summary>The first Pacific midnight strictly after <paramref name="now"/>.</summary>
    public static DateTimeOffset NextMidnight(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, Zone);
        var midnight = DateTime.SpecifyKind(local.Date.AddDays(1), DateTimeKind.Unspecified);
        // Midnight is never inside a DST gap in this zone (changes happen at 02:00).
        return new DateTimeOffset(midnight, Zone.GetUtcOffset(midnight));
    }

    /// <summary>The Pacific midnight at or before <paramref name="now"/>: the start of its quota day.</summary>
    public static DateTimeOffset LastMidnight(DateTimeOffset now)
    {
        var midnight = DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(now, Zone).Date, DateTimeKind.Unspecified);
        return new DateTimeOffset(midnight, Zone.GetUtcOffset(midnight));
    }

    private static TimeZoneInfo Load()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            // A container without tzdata: the US rules in force since 2007 are enough for a quota reset.
            var start = TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 3, 2, DayOfWeek.Sunday);
            var end = TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 11, 1, DayOfWeek.Sunday);
            var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
                new DateTime(2007, 1, 1), DateTime.MaxValue.Date, TimeSpan.FromHours(1), start, end);
            return TimeZoneInfo.CreateCustomTimeZone("Pacific", TimeSpan.FromHours(-8), "Pacific", "PST", "PDT", [rule]);
        }
    }
}
