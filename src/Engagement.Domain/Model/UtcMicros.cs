namespace Engagement.Domain.Model;

/// <summary>Instants as microseconds since the Unix epoch (UTC), and the UTC days they fall on.</summary>
public static class UtcMicros
{
    public const long PerSecond = 1_000_000;
    public const long PerMinute = 60 * PerSecond;
    public const long PerDay = 86_400 * PerSecond;

    private static readonly int EpochDayNumber = new DateOnly(1970, 1, 1).DayNumber;

    public static long FromDateTimeOffset(DateTimeOffset value) =>
        (value.UtcTicks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;

    public static DateTimeOffset ToDateTimeOffset(long micros) =>
        new(DateTime.UnixEpoch.Ticks + (micros * TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);

    /// <summary>Start of a UTC day.</summary>
    public static long StartOf(DateOnly day) => (long)(day.DayNumber - EpochDayNumber) * PerDay;

    /// <summary>The UTC date an instant falls on (floor, so instants before 1970 work too).</summary>
    public static DateOnly DayOf(long micros)
    {
        var days = micros / PerDay;
        if (micros % PerDay < 0)
        {
            days--;
        }

        return DateOnly.FromDayNumber(EpochDayNumber + (int)days);
    }
}
