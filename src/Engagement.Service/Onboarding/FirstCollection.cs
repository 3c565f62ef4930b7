using Engagement.Collectors.Engine;

namespace Engagement.Service.Onboarding;

/// <summary>
/// Starts the first collection run of a brand's new accounts right away, rather than at the
/// network's next scheduled pass (up to an hour later), so the onboarding page shows it happen.
/// The run holds the accounts' leases like any pass, so a scheduled pass never collects them twice.
/// </summary>
public sealed class FirstCollection(CollectorRunner runner, IHostApplicationLifetime lifetime, ILogger<FirstCollection> logger)
{
    public void Start(string brand, IEnumerable<string> networks)
    {
        foreach (var network in networks.Distinct(StringComparer.Ordinal))
        {
            // Not awaited: the page redirects to the progress page at once; the host's stopping token ends the run.
            _ = RunAsync(brand, network);
        }
    }

    private async Task RunAsync(string brand, string network)
    {
        try
        {
            var summary = await runner.RunOnceAsync(network, brand, progress: null, lifetime.ApplicationStopping);
            logger.LogInformation("First collection of {Brand} on {Network}: {Accounts} account(s), {Posts} post(s) stored",
                brand, network, summary.Accounts.Count, summary.PostsInserted);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Shutting down: the scheduled passes take the accounts up after the restart.
        }
        catch (Exception failure)
        {
            // The account's status says what went wrong; this run must not take the process down.
            logger.LogWarning(failure, "First collection of {Brand} on {Network} failed", brand, network);
        }
    }
}
