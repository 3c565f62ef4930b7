using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Engagement.Collectors.Engine;

/// <summary>The engine's account leases: renewed on a heartbeat while runs go on, given back on a clean shutdown.</summary>
internal sealed partial class CollectorEngine
{
    /// <summary>Gives back every lease of this process (a clean shutdown), so other instances take the accounts over at once.</summary>
    public async Task ReleaseAllAsync(CancellationToken ct)
    {
        try
        {
            var released = await store.ReleaseAllAsync(owner.Id, ct);
            if (released > 0)
            {
                log.LogInformation("released {Count} account leases of {Owner}", released, owner.Id);
            }
        }
        catch (Exception e)
        {
            // They expire on their own after one lease duration.
            log.LogWarning(e, "could not release the account leases of {Owner}", owner.Id);
        }
    }

    /// <summary>Renews the leases of the accounts in progress every quarter of the lease duration; cancels the run of a lost one.</summary>
    private async Task HeartbeatAsync(
        ConcurrentDictionary<(string Network, string Handle), CancellationTokenSource> running, TimeSpan duration, CancellationToken ct)
    {
        try
        {
            using var timer = new PeriodicTimer(duration / 4, time);
            while (await timer.WaitForNextTickAsync(ct))
            {
                var accounts = running.Keys.ToList();
                if (accounts.Count == 0)
                {
                    continue;
                }

                try
                {
                    var held = (await store.RenewAsync(owner.Id, accounts, duration, ct)).ToHashSet();
                    foreach (var account in accounts.Where(a => !held.Contains(a)))
                    {
                        // Released meanwhile (done) or lost (expired): only a run still going is stopped.
                        if (running.TryGetValue(account, out var lease))
                        {
                            log.LogWarning("{Network} {Handle}: lease lost, dropping the run", account.Network, account.Handle);
                            Cancel(lease);
                        }
                    }
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    // The next beat tries again; the commit's fencing catches a lease lost meanwhile.
                    log.LogWarning(e, "could not renew the account leases of {Owner}", owner.Id);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The pass is over.
        }
    }

    private static void Cancel(CancellationTokenSource lease)
    {
        try
        {
            lease.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run ended meanwhile.
        }
    }
}
