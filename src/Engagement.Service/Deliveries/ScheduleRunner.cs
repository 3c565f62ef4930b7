using Engagement.Data.Store.Deliveries;
using Engagement.Domain.Model;
using Engagement.Domain.Scheduling;
using Microsoft.Extensions.Options;

namespace Engagement.Service.Deliveries;

/// <summary>
/// Runs the schedules that are due. For each schedule, the latest period due by now (on the
/// injected clock) is run if it has no run yet and fell due no earlier than the schedule owes
/// periods from (its creation, or the period a first edit kept owed, <see cref="Schedule.OwedFrom"/>): a
/// period missed while every instance was down is caught up once, and only the latest one; a
/// period due no later than the last run is not (<see cref="IsBehind"/>).
/// The run is claimed in the store (<see cref="ScheduleRunRepository.TryClaimAsync"/>), rendered,
/// and completed with its deliveries in one transaction, so instances never queue a period twice.
/// A tick reads the schedules with their last runs in one query, and claims only a period that is
/// not finished yet: with nothing due it costs that one query, however many schedules there are.
/// </summary>
public sealed class ScheduleRunner(
    ScheduleRepository schedules,
    ScheduleRunRepository runs,
    ScheduledReport reports,
    DeliveryOwner owner,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<ScheduleRunner> log)
{
    /// <summary>Runs every due period not run yet; returns how many runs this call completed.</summary>
    public async Task<int> RunDueAsync(CancellationToken ct)
    {
        var completed = 0;
        foreach (var (schedule, last) in await schedules.ListWithLastRunAsync(ct))
        {
            SchedulePeriod period;
            try
            {
                period = ScheduleCalendar.LatestDue(schedule.Cadence, ScheduleCalendar.Zone(schedule.TimeZone), schedule.Hour, time.GetUtcNow());
            }
            catch (DomainException e)
            {
                // The host lost the zone's data since the schedule was saved: the others still run.
                log.LogError("Schedule {Schedule} ({Name}) cannot be placed in time: {Reason}", schedule.Id, schedule.Name, e.Message);
                continue;
            }

            if (period.DueAt < schedule.OwedFrom || IsBehind(last, period) || IsFinished(last, period))
            {
                continue;
            }

            var run = await runs.TryClaimAsync(schedule.Id, period.Key, period.DueAt, owner.Id, options.Value.LeaseDuration, ct);
            if (run is { } id && await RunAsync(schedule, period, id, ct))
            {
                completed++;
            }
        }

        return completed;
    }

    /// <summary>
    /// Whether the period fell due no later than the schedule's last run, yet is another period: only
    /// after an edit (an earlier hour, another zone or cadence), where running it would send again
    /// what the last run covered. The last run's own period is <see cref="IsFinished"/>'s to judge.
    /// </summary>
    private static bool IsBehind(ScheduleRun? last, SchedulePeriod period) =>
        last is not null && last.Period != period.Key && period.DueAt <= last.DueAt;

    /// <summary>
    /// Whether the period's run is the last one and ended (done or failed), which the claim would
    /// refuse: only a running one, whose owner may have died, is worth claiming again.
    /// </summary>
    private static bool IsFinished(ScheduleRun? last, SchedulePeriod period) =>
        last is not null && last.Period == period.Key && last.Status != "running";

    private async Task<bool> RunAsync(Schedule schedule, SchedulePeriod period, long run, CancellationToken ct)
    {
        try
        {
            var (files, deliveries) = await reports.RenderAsync(schedule, period, ct);
            if (await runs.CompleteAsync(run, owner.Id, schedule.Workspace, files, deliveries, ct))
            {
                log.LogInformation("Schedule {Schedule} ({Name}) ran for {Period}: {Files} files, {Deliveries} deliveries queued", schedule.Id, schedule.Name, period.Key, files.Count, deliveries.Count);
                return true;
            }

            log.LogWarning("Schedule {Schedule} run {Period}: the lease expired while rendering; another instance runs it", schedule.Id, period.Key);
            return false;
        }
        catch (Exception e) when (e is DomainException or PdfUnavailableException or Microsoft.Playwright.PlaywrightException or TimeoutException)
        {
            // A brand deleted since, an empty window, no Chromium, a print that never ends: the run
            // is failed with the reason, visible in its list. Anything else (the store failing)
            // leaves it to be taken over when its lease expires.
            log.LogWarning("Schedule {Schedule} run {Period} failed: {Reason}", schedule.Id, period.Key, e.Message);
            await runs.FailAsync(run, owner.Id, e.Message, ct);
            return false;
        }
    }
}
