using Engagement.Collectors.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Engagement.Collectors.Engine;

/// <summary>
/// The background worker of one network: a pass at start, then one per interval on the injected
/// clock. Accounts in backoff, or leased by another instance, are left out of
/// the pass until they are due (or free).
/// </summary>
internal abstract class NetworkCollectorService(string network, CollectorEngine engine, NetworkGates gates, TimeProvider time, ILogger log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = gates[network].Options;
        if (!options.Enabled)
        {
            log.LogInformation("{Network} background collector off (Enabled is false); collect --once still runs it", network);
            return;
        }

        if (options.DisabledReason is { } reason)
        {
            // One line, and the service goes on: the status shows the network's accounts as disabled.
            log.LogWarning("{Network} collector disabled: {Reason}", network, reason);
            return;
        }

        using var timer = new PeriodicTimer(options.Interval, time);
        try
        {
            do
            {
                try
                {
                    var results = await engine.RunPassAsync(network, brand: null, force: false, progress: null, stoppingToken);
                    log.LogInformation(
                        "{Network} pass: {Succeeded} of {Total} accounts collected",
                        network,
                        results.Count(r => r.Outcome == AccountRunOutcome.Succeeded),
                        results.Count(r => r.Outcome != AccountRunOutcome.Skipped));
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // E.g. the store is unreachable: the worker lives on and tries again next tick.
                    log.LogError(e, "{Network} pass failed", network);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping; an interrupted account run committed nothing.
        }
        finally
        {
            // A clean stop hands this process's accounts back at once instead of after the lease expiry.
            await engine.ReleaseAllAsync(CancellationToken.None);
        }
    }
}

internal sealed class MastodonCollectorService(CollectorEngine engine, NetworkGates gates, TimeProvider time, ILogger<MastodonCollectorService> log)
    : NetworkCollectorService(CollectorNetworks.Mastodon, engine, gates, time, log);

internal sealed class BlueskyCollectorService(CollectorEngine engine, NetworkGates gates, TimeProvider time, ILogger<BlueskyCollectorService> log)
    : NetworkCollectorService(CollectorNetworks.Bluesky, engine, gates, time, log);

internal sealed class YouTubeCollectorService(CollectorEngine engine, NetworkGates gates, TimeProvider time, ILogger<YouTubeCollectorService> log)
    : NetworkCollectorService(CollectorNetworks.YouTube, engine, gates, time, log);

internal sealed class FacebookCollectorService(CollectorEngine engine, NetworkGates gates, TimeProvider time, ILogger<FacebookCollectorService> log)
    : NetworkCollectorService(CollectorNetworks.Facebook, engine, gates, time, log);

internal sealed class InstagramCollectorService(CollectorEngine engine, NetworkGates gates, TimeProvider time, ILogger<InstagramCollectorService> log)
    : NetworkCollectorService(CollectorNetworks.Instagram, engine, gates, time, log);

internal sealed class XCollectorService(CollectorEngine engine, NetworkGates gates, TimeProvider time, ILogger<XCollectorService> log)
    : NetworkCollectorService(CollectorNetworks.X, engine, gates, time, log);
