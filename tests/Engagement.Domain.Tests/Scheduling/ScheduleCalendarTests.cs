using Engagement.Domain.Model;
using Engagement.Domain.Scheduling;

namespace Engagement.Domain.Tests.Scheduling;

public class ScheduleCalendarTests
{
    private static readonly TimeZoneInfo Paris = ScheduleCalendar.Zone("Europe/Paris");
    private static readonly TimeZoneInfo Montreal = ScheduleCalendar.Zone("America/Montreal");

    [Test]
    public void Weekly_is_due_monday_at_the_local_hour_for_the_previous_iso_week()
    {
        // Wednesday 2026-10-21 in Paris (UTC+2 until 10-25).
        var period = ScheduleCalendar.LatestDue(Cadence.Weekly, Paris, 8, new DateTimeOffset(2026, 10, 21, 12, 0, 0, TimeSpan.Zero));
        Assert.That(period, Is.EqualTo(new SchedulePeriod("2026-W42", new DateTimeOffset(2026, 10, 19, 8, 0, 0, TimeSpan.FromHours(2)), new DateOnly(2026, 10, 12), new DateOnly(2026, 10, 19))));
    }

    [Test]
    public void A_monday_before_the_hour_is_still_the_previous_period()
    {
        var before = ScheduleCalendar.LatestDue(Cadence.Weekly, Paris, 8, new DateTimeOffset(2026, 10, 19, 5, 59, 59, TimeSpan.Zero));
        var at = ScheduleCalendar.LatestDue(Cadence.Weekly, Paris, 8, new DateTimeOffset(2026, 10, 19, 6, 0, 0, TimeSpan.Zero));
        Assert.That((before.Key, at.Key), Is.EqualTo(("2026-W41", "2026-W42")));
    }

    [Test]
    public void Monthly_is_due_on_the_first_for_the_previous_month_in_the_zone_not_in_utc()
    {
        // 2026-11-01 03:00 UTC is still October 31 in Montreal: October's report is not due yet there (it is, at 08:00 EST, after the fall-back).
        var now = new DateTimeOffset(2026, 11, 1, 3, 0, 0, TimeSpan.Zero);
        Assert.That(ScheduleCalendar.LatestDue(Cadence.Monthly, Montreal, 8, now).Key, Is.EqualTo("2026-09"));
        var next = ScheduleCalendar.NextDue(Cadence.Monthly, Montreal, 8, now);
        Assert.That(next, Is.EqualTo(new SchedulePeriod("2026-10", new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.FromHours(-5)), new DateOnly(2026, 10, 1), new DateOnly(2026, 11, 1))));
    }

    [Test]
    public void The_local_hour_holds_across_daylight_saving_changes()
    {
        // Paris leaves summer time on 2026-10-25: Monday 10-26 08:00 is UTC+1.
        var after = ScheduleCalendar.NextDue(Cadence.Weekly, Paris, 8, new DateTimeOffset(2026, 10, 21, 12, 0, 0, TimeSpan.Zero));
        Assert.That(after.DueAt, Is.EqualTo(new DateTimeOffset(2026, 10, 26, 7, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void An_hour_the_clocks_skip_runs_when_it_exists_again_and_a_repeated_hour_at_its_first_occurrence()
    {
        // Paris springs forward on 2026-03-29 at 02:00 (to 03:00); Montreal falls back on 2026-11-01 at 02:00 (to 01:00).
        Assert.That(ScheduleCalendar.Instant(Paris, new DateOnly(2026, 3, 29), 2), Is.EqualTo(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero)));
        Assert.That(ScheduleCalendar.Instant(Montreal, new DateOnly(2026, 11, 1), 1), Is.EqualTo(new DateTimeOffset(2026, 11, 1, 5, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void Iso_week_keys_follow_the_iso_year()
    {
        // Monday 2027-01-04 covers 2026-12-28 .. 2027-01-04: ISO week 53 of 2026.
        var period = ScheduleCalendar.LatestDue(Cadence.Weekly, TimeZoneInfo.Utc, 0, new DateTimeOffset(2027, 1, 4, 0, 0, 0, TimeSpan.Zero));
        Assert.That(period.Key, Is.EqualTo("2026-W53"));
    }

    [TestCase("Mars/Olympus_Mons")]
    [TestCase("")]
    [TestCase(null)]
    public void An_unknown_zone_or_cadence_is_a_domain_error_saying_what_to_give(string? zone)
    {
        Assert.That(() => ScheduleCalendar.Zone(zone), Throws.TypeOf<DomainException>().With.Message.Contains("IANA"));
        Assert.That(() => ScheduleCalendar.ParseCadence("daily"), Throws.TypeOf<DomainException>().With.Message.Contains("weekly or monthly"));
    }
}
