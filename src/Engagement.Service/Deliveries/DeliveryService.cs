using Microsoft.Extensions.Options;

namespace Engagement.Service.Deliveries;

/// <summary>
/// The background side of scheduled reports and alerts: on every tick of the injected clock, runs
/// the due schedules, then sends the due deliveries. Every instance may run it; the store's leases
/// share the work out.
/// </summary>
internal sealed class DeliveryService(
    IServiceProvider services, IOptions<DeliveryOptions> options, TimeProvider time, ILogger<DeliveryService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            log.LogInformation("Scheduled reports and deliveries are off on this instance (Deliveries:Enabled is false)");
            return;
        }

        var runner = services.GetRequiredService<ScheduleRunner>();
        var queue = services.GetRequiredService<DeliveryQueue>();
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        try
        {
            do
            {
                await TickAsync(runner, queue, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a claimed run or delivery is taken over by another instance when its lease expires.
        }
    }

    private async Task TickAsync(ScheduleRunner runner, DeliveryQueue queue, CancellationToken ct)
    {
        try
        {
            await runner.RunDueAsync(ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.LogError(e, "Scheduled reports could not be run");
        }

        try
        {
            await queue.ProcessDueAsync(ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.LogError(e, "Deliveries could not be sent");
        }
    }
}
