using System.Collections.Concurrent;
using Engagement.Collectors.Http;
using Engagement.Collectors.Storage;
using Engagement.Data;
using Engagement.Data.Store;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Engagement.Collectors.Engine;

/// <summary>The owner id of this process's account leases: one per process, stable for its lifetime.</summary>
public sealed record CollectorLeaseOwner(string Id)
{
    public static CollectorLeaseOwner New() => new(AccountLeaseRepository.NewOwnerId());
}

/// <summary>
/// Runs a pass of one network: the accounts it can claim a lease on (due ones only, unless
/// forced; each once per pass), a few at a time, each in isolation: its failure is recorded in its
/// state and never stops the others. Leases (docs/scale.md, "Sharing the collection: leases")
/// keep several instances on one database from collecting the same account at the same time:
/// claimed in batches of the free slots, renewed on a heartbeat, confirmed in the commit's
/// transaction and released after each account.
/// </summary>
internal sealed partial class CollectorEngine(
    ICollectorStore store,
    NetworkGates gates,
    IServiceScopeFactory scopes,
    CollectorLeaseOwner owner,
    TimeProvider time,
    FieldRules rules,
    IEnumerable<IStoreChangeListener> listeners,
    ILogger<CollectorEngine> log)
{
    private const int MaxErrorLength = 500;

    public async Task<IReadOnlyList<AccountRunResult>> RunPassAsync(
        string network, string? brand, bool force, IProgress<CollectorProgress>? progress, CancellationToken ct)
    {
        var gate = gates[network];
        var options = gate.Options;
        if (options.DisabledReason is { } disabled)
        {
            // Its accounts keep their state; the status shows them as disabled with the reason.
            log.LogDebug("{Network} pass skipped: {Reason}", network, disabled);
            return [];
        }

        gate.ClearRefusal();
        var slots = Math.Max(1, options.MaxConcurrency);
        var passStart = time.GetUtcNow();
        // For a progress display only: what this pass may take (others may collect some of them).
        var total = progress is null ? 0 : (await store.ListAccountsAsync(network, brand, ct)).Count;
        var results = new List<AccountRunResult>();
        var running = new ConcurrentDictionary<(string Network, string Handle), CancellationTokenSource>();
        var inFlight = new List<Task<AccountRunResult>>();
        using var stopHeartbeat = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var heartbeat = HeartbeatAsync(running, options.LeaseDuration, stopHeartbeat.Token);
        try
        {
            var exhausted = false;
            while (true)
            {
                if (!exhausted && inFlight.Count < slots)
                {
                    var free = slots - inFlight.Count;
                    var request = new LeaseRequest(owner.Id, network, free, options.LeaseDuration)
                    {
                        Brand = brand,
                        // A tenth of the interval of slack: the timer ticks a moment before "exactly one interval later".
                        DueBy = force ? null : time.GetUtcNow() + options.Interval / 10,
                        // Each account once per pass, even when another instance collected it meanwhile.
                        NotRunSince = passStart,
                    };
                    var claimed = await store.ClaimAsync(request, ct);
                    exhausted = claimed.Count < free;
                    foreach (var account in claimed)
                    {
                        var lease = CancellationTokenSource.CreateLinkedTokenSource(ct);
                        running[(account.Network, account.Handle)] = lease;
                        inFlight.Add(RunLeasedAsync(account, gate, running, lease, ct));
                    }
                }

                if (inFlight.Count == 0)
                {
                    break;
                }

                var done = await Task.WhenAny(inFlight);
                inFlight.Remove(done);
                var result = await done;
                results.Add(result);
                progress?.Report(new CollectorProgress(result, results.Count, Math.Max(total, results.Count)));
            }
        }
        finally
        {
            // A failure (the store, or stopping) still waits for the accounts in progress: each
            // ends on its own and releases its lease.
            try
            {
                await Task.WhenAll(inFlight);
            }
            catch (Exception e)
            {
                // Stopping, or the store failing: the first failure is what the pass reports.
                log.LogDebug(e, "{Network} pass ended with accounts in progress", network);
            }

            await stopHeartbeat.CancelAsync();
            await heartbeat;
        }

        await TellListenersAsync(network, results, ct);
        return [.. results.OrderBy(r => r.Handle, StringComparer.Ordinal)];
    }

    private async Task<AccountRunResult> RunLeasedAsync(
        Account account,
        NetworkGate gate,
        ConcurrentDictionary<(string Network, string Handle), CancellationTokenSource> running,
        CancellationTokenSource lease,
        CancellationToken ct)
    {
        try
        {
            await Task.Yield();
            return await RunAccountAsync(account, gate, lease.Token, ct);
        }
        finally
        {
            running.TryRemove((account.Network, account.Handle), out _);
            lease.Dispose();
            try
            {
                await store.ReleaseAsync(owner.Id, account.Network, account.Handle, CancellationToken.None);
            }
            catch (Exception e)
            {
                // It expires on its own; the account's next_run_at keeps it off claims until due.
                log.LogWarning(e, "could not release the lease of {Network} {Handle}", account.Network, account.Handle);
            }
        }
    }

    /// <summary>
    /// One account under its lease. <paramref name="leaseToken"/> is cancelled when stopping
    /// (<paramref name="ct"/>) or when the heartbeat finds the lease lost.
    /// </summary>
    private async Task<AccountRunResult> RunAccountAsync(Account account, NetworkGate gate, CancellationToken leaseToken, CancellationToken ct)
    {
        var options = gate.Options;
        var state = await store.GetStateAsync(account.Network, account.Handle, leaseToken) ?? new CollectorAccountState(account.Network, account.Handle);
        var now = time.GetUtcNow();
        var counters = new RequestCounters();
        CollectorScope.Enter(counters);
        try
        {
            gate.ThrowIfPaused();
            gate.ThrowIfRefused();
            await using var scope = scopes.CreateAsyncScope();
            var collector = scope.ServiceProvider.GetRequiredKeyedService<INetworkCollector>(account.Network);
            var harvest = await collector.CollectAsync(new AccountPass(account, state, now, store, options), leaseToken);
            var succeeded = state with
            {
                Cursor = harvest.Cursor,
                BackfilledAt = state.BackfilledAt ?? now,
                LastRunAt = now,
                LastSuccessAt = now,
                LastError = null,
                ConsecutiveFailures = 0,
                Health = CollectorHealth.Ok,
                NextRunAt = now + options.Interval,
                RequestsMade = state.RequestsMade + counters.Requests,
                RateLimited = state.RateLimited + counters.RateLimited,
            };
            var (posts, followers) = Checked(account, harvest.Posts, harvest.Followers);
            var commit = await store.CommitAsync(account, posts, followers, succeeded, owner.Id, leaseToken);
            return Result(account, AccountRunOutcome.Succeeded, commit, counters, null);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: nothing of this run was committed, the next start redoes it.
            throw;
        }
        catch (Exception e) when (e is LeaseLostException || leaseToken.IsCancellationRequested)
        {
            // Another instance may hold the account now: nothing of this run is written, not even
            // its state, which would overwrite the new holder's.
            var message = e is LeaseLostException ? e.Message : $"lease lost: {account.Network} {account.Handle} expired during the run (dropped, nothing was written)";
            log.LogWarning("{Network} {Handle}: {Error}", account.Network, account.Handle, message);
            return Result(account, AccountRunOutcome.Failed, null, counters, Truncate(message));
        }
        catch (Exception e)
        {
            if (e is NetworkUnauthorizedException refused)
            {
                gate.Refuse(refused);
            }

            var (outcome, health, nextRun) = Classify(e, state, now, options);
            var message = Truncate(Describe(e));
            if (outcome is AccountRunOutcome.Paused or AccountRunOutcome.Unauthorized)
            {
                log.LogWarning("{Network} {Handle}: {Error}", account.Network, account.Handle, message);
            }
            else
            {
                log.LogWarning(e, "{Network} {Handle} failed, next run at {NextRun:O}", account.Network, account.Handle, nextRun);
            }

            var failed = state with
            {
                LastRunAt = now,
                LastError = message,
                LastErrorAt = now,
                // A paused network or refused credentials are not the account's fault: its failure streak does not grow.
                ConsecutiveFailures = outcome is AccountRunOutcome.Paused or AccountRunOutcome.Unauthorized ? state.ConsecutiveFailures : state.ConsecutiveFailures + 1,
                Health = health,
                NextRunAt = nextRun,
                RequestsMade = state.RequestsMade + counters.Requests,
                RateLimited = state.RateLimited + counters.RateLimited,
            };
            await SaveFailureAsync(failed, ct);
            return Result(account, outcome, null, counters, message);
        }
    }

    /// <summary>What a failed run means for the account: its outcome, health and next run.</summary>
    private static (AccountRunOutcome Outcome, CollectorHealth Health, DateTimeOffset NextRun) Classify(
        Exception e, CollectorAccountState state, DateTimeOffset now, Options.NetworkCollectorOptions options) => e switch
    {
        NetworkPausedException paused => (AccountRunOutcome.Paused, CollectorHealth.Paused, paused.Until),
        // Not the account's fault, and nothing to back off from: the next pass tries the credentials again.
        NetworkUnauthorizedException => (AccountRunOutcome.Unauthorized, CollectorHealth.Unauthorized, now + options.Interval),
        AccountUnavailableException => (AccountRunOutcome.Unavailable, CollectorHealth.Unavailable, now + Backoff(state.ConsecutiveFailures + 1, options.Interval, options.MaxFailureBackoff)),
        _ => (AccountRunOutcome.Failed, CollectorHealth.Failing, now + Backoff(state.ConsecutiveFailures + 1, options.Interval, options.MaxFailureBackoff)),
    };

    /// <summary>Between runs of a failing account: the interval, doubled per further failure, capped.</summary>
    internal static TimeSpan Backoff(int failures, TimeSpan interval, TimeSpan max)
    {
        var factor = Math.Pow(2, Math.Clamp(failures - 1, 0, 30));
        return TimeSpan.FromTicks((long)Math.Min(interval.Ticks * factor, max.Ticks));
    }

    private async Task SaveFailureAsync(CollectorAccountState failed, CancellationToken ct)
    {
        try
        {
            await store.SaveStateAsync(failed, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The store itself failing must not end the pass; the status is just stale until the next run.
            log.LogError(e, "could not record the state of {Network} {Handle}", failed.Network, failed.Handle);
        }
    }

    private static AccountRunResult Result(Account account, AccountRunOutcome outcome, CommitResult? commit, RequestCounters? counters, string? error)
    {
        var network = new KeyValuePair<string, object?>("network", account.Network);
        EngagementTelemetry.CollectorRuns.Add(1, network, new("outcome", outcome.ToString().ToLowerInvariant()));
        EngagementTelemetry.CollectorRequests.Add(counters?.Requests ?? 0, network);
        EngagementTelemetry.CollectorRateLimited.Add(counters?.RateLimited ?? 0, network);
        return new(account.Network, account.Brand, account.Handle, outcome, commit?.Inserted ?? 0, commit?.Updated ?? 0, counters?.Requests ?? 0, counters?.RateLimited ?? 0, error);
    }

    private static string Truncate(string message) => message.Length <= MaxErrorLength ? message : message[..MaxErrorLength] + "...";
}
