using System.Globalization;
using Engagement.Domain.Model;

namespace Engagement.Domain.Scheduling;

/// <summary>How often a scheduled report is sent.</summary>
public enum Cadence
{
    /// <summary>Every Monday at the schedule's hour, for the previous ISO week (Monday to Monday).</summary>
    Weekly,

    /// <summary>Every 1st of the month at the schedule's hour, for the previous calendar month.</summary>
    Monthly,
}

/// <summary>One run of a schedule: its unique key, when it is due, and the report window it covers ([From, To)).</summary>
public sealed record SchedulePeriod(string Key, DateTimeOffset DueAt, DateOnly From, DateOnly To);

/// <summary>When a schedule's reports are due: its cadence, at the local hour in its time zone.</summary>
public sealed record ScheduleTiming(Cadence Cadence, TimeZoneInfo Zone, int Hour);

/// <summary>
/// When scheduled reports are due, in the schedule's own time zone (IANA id, e.g. Europe/Paris):
/// the local hour is kept across daylight-saving changes; an hour the clocks skip runs an hour
/// later, an hour that happens twice runs at its first occurrence.
/// </summary>
public static class ScheduleCalendar
{
    public static Cadence ParseCadence(string? text) => text switch
    {
        "weekly" => Cadence.Weekly,
        "monthly" => Cadence.Monthly,
        _ => throw new DomainException($"unknown cadence '{text}': use weekly or monthly"),
    };

    public static string Text(Cadence cadence) => cadence == Cadence.Weekly ? "weekly" : "monthly";

    /// <summary>The zone of an IANA id; a <see cref="DomainException"/> naming it when unknown.</summary>
    public static TimeZoneInfo Zone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
        {
            throw new DomainException("a time zone is needed: an IANA id such as Europe/Paris or America/Montreal");
        }

        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return zone.HasIanaId || id == "UTC" ? zone : throw new DomainException($"'{id}' is not an IANA time zone id (e.g. Europe/Paris)");
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new DomainException($"unknown time zone '{id}': use an IANA id such as Europe/Paris or America/Montreal");
        }
    }

    /// <summary>The latest period due at or before <paramref name="now"/>.</summary>
    public static SchedulePeriod LatestDue(Cadence cadence, TimeZoneInfo zone, int hour, DateTimeOffset now)
    {
        var period = PeriodStarting(cadence, zone, hour, StartOn(cadence, LocalDay(zone, now)));
        return period.DueAt <= now ? period : Previous(cadence, zone, hour, period);
    }

    /// <summary>The first period due after <paramref name="now"/>.</summary>
    public static SchedulePeriod NextDue(Cadence cadence, TimeZoneInfo zone, int hour, DateTimeOffset now)
    {
        var latest = LatestDue(cadence, zone, hour, now);
        var next = cadence == Cadence.Weekly ? latest.To.AddDays(7) : latest.To.AddMonths(1);
        return PeriodStarting(cadence, zone, hour, next);
    }

    /// <summary>
    /// The instant from which a never-run schedule owes periods after an edit. A schedule owes the
    /// periods due from its creation on; the one it owed at the edit (<paramref name="now"/>)
    /// under its old timing (due already but not run yet, or the next one) stays owed under the new
    /// timing even if its new due time is earlier than <paramref name="owedFrom"/>: moving Monday's
    /// 08:00 report to 07:00 at 07:40 sends it at once rather than a week later. A new cadence has
    /// other periods, none of them owed before the edit: <paramref name="owedFrom"/> stays.
    /// </summary>
    public static DateTimeOffset OwedFromAfterEdit(ScheduleTiming before, ScheduleTiming after, DateTimeOffset owedFrom, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (before.Cadence != after.Cadence)
        {
            return owedFrom;
        }

        var latest = LatestDue(before.Cadence, before.Zone, before.Hour, now);
        var owed = latest.DueAt >= owedFrom ? latest : NextDue(before.Cadence, before.Zone, before.Hour, now);

        // The same period (its key is its due day) at the new hour in the new zone.
        var moved = PeriodStarting(after.Cadence, after.Zone, after.Hour, owed.To);
        return moved.DueAt < owedFrom ? moved.DueAt : owedFrom;
    }

    private static SchedulePeriod Previous(Cadence cadence, TimeZoneInfo zone, int hour, SchedulePeriod period) =>
        PeriodStarting(cadence, zone, hour, period.From);

    // The day the run is due on is the first day after the period it covers.
    private static SchedulePeriod PeriodStarting(Cadence cadence, TimeZoneInfo zone, int hour, DateOnly dueDay)
    {
        var from = cadence == Cadence.Weekly ? dueDay.AddDays(-7) : dueDay.AddMonths(-1);
        var key = cadence == Cadence.Weekly
            ? $"{ISOWeek.GetYear(from.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(from.ToDateTime(TimeOnly.MinValue)):00}"
            : from.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        return new SchedulePeriod(key, Instant(zone, dueDay, hour), from, dueDay);
    }

    private static DateOnly StartOn(Cadence cadence, DateOnly day) => cadence == Cadence.Weekly
        ? day.AddDays(-(((int)day.DayOfWeek + 6) % 7))
        : new DateOnly(day.Year, day.Month, 1);

    private static DateOnly LocalDay(TimeZoneInfo zone, DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);

    /// <summary>The instant of <paramref name="hour"/>:00 local time on <paramref name="day"/>.</summary>
    public static DateTimeOffset Instant(TimeZoneInfo zone, DateOnly day, int hour)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = day.ToDateTime(new TimeOnly(hour, 0), DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            // Skipped by a spring-forward change: the first valid time after it.
            local = local.AddMinutes(30);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
