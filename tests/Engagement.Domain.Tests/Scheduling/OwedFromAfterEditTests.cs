using Engagement.Domain.Scheduling;

namespace Engagement.Domain.Tests.Scheduling;

/// <summary>
/// What a never-run schedule still owes after an edit: the period pending under its old timing
/// stays owed under the new one, and no earlier period becomes owed.
/// </summary>
public class OwedFromAfterEditTests
{
    private static readonly TimeZoneInfo Utc = ScheduleCalendar.Zone("UTC");
    private static readonly TimeZoneInfo Paris = ScheduleCalendar.Zone("Europe/Paris");

    // Monday 2026-11-02, 07:30 UTC: 2026-W44 is due at the schedule's hour today.
    private static readonly DateTimeOffset Created = new(2026, 11, 2, 7, 30, 0, TimeSpan.Zero);

    [Test]
    public void An_earlier_hour_on_the_due_day_keeps_the_pending_period_owed()
    {
        var edited = Created.AddMinutes(10);
        var owedFrom = ScheduleCalendar.OwedFromAfterEdit(Weekly(Utc, 8), Weekly(Utc, 7), Created, edited);

        Assert.That(owedFrom, Is.EqualTo(new DateTimeOffset(2026, 11, 2, 7, 0, 0, TimeSpan.Zero)));
        var due = ScheduleCalendar.LatestDue(Cadence.Weekly, Utc, 7, edited);
        Assert.That((due.Key, due.DueAt >= owedFrom), Is.EqualTo(("2026-W44", true)), "the runner sends 2026-W44 at once");
        Assert.That(ScheduleCalendar.LatestDue(Cadence.Weekly, Utc, 7, owedFrom.AddTicks(-1)).DueAt, Is.LessThan(owedFrom), "2026-W43 stays unowed");
    }

    [Test]
    public void A_later_hour_or_a_period_not_owed_before_changes_nothing()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ScheduleCalendar.OwedFromAfterEdit(Weekly(Utc, 8), Weekly(Utc, 9), Created, Created.AddMinutes(10)), Is.EqualTo(Created));

            // Created at 07:30 with hour 7: 2026-W44 was due before it existed and is not owed; moving it to 6 does not make it so.
            Assert.That(ScheduleCalendar.OwedFromAfterEdit(Weekly(Utc, 7), Weekly(Utc, 6), Created, Created.AddMinutes(10)), Is.EqualTo(Created));
        });
    }

    [Test]
    public void Another_zone_keeps_the_same_period_owed_at_its_new_instant()
    {
        // 08:00 UTC to 08:00 Paris (07:00 UTC, winter time): still 2026-W44, now due before the creation.
        var owedFrom = ScheduleCalendar.OwedFromAfterEdit(Weekly(Utc, 8), Weekly(Paris, 8), Created, Created.AddMinutes(10));
        Assert.That(owedFrom, Is.EqualTo(new DateTimeOffset(2026, 11, 2, 7, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void Another_cadence_owes_from_the_creation_as_a_new_schedule_would()
    {
        // Monthly: 2026-10 was due on 11-01, before the creation; it was never owed.
        var owedFrom = ScheduleCalendar.OwedFromAfterEdit(Weekly(Utc, 8), new ScheduleTiming(Cadence.Monthly, Utc, 7), Created, Created.AddMinutes(10));
        Assert.That(owedFrom, Is.EqualTo(Created));
    }

    private static ScheduleTiming Weekly(TimeZoneInfo zone, int hour) => new(Cadence.Weekly, zone, hour);
}
