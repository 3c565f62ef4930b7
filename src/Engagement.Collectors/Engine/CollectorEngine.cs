using System.Collections.Concurrent;
using Engagement.Collectors.Http;
using Engagement.Collectors.Storage;
using Engagement.Domain.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Engagement.Collectors.Engine;

/// <summary>
/// Runs a pass of one network: every tracked account (due ones only, unless forced), a few at a
/// time, each in isolation: its failure is recorded in its state and never stops the others.
/// </summary>
internal sealed class CollectorEngine(
    ICollectorStore store,
    NetworkGates gates,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<CollectorEngine> log)
{
    private const int MaxErrorLength = 500;

    public async Task<IReadOnlyList<AccountRunResult>> RunPassAsync(
        string network, string? brand, bool force, IProgress<CollectorProgress>? progress, CancellationToken ct)
    {
        var gate = gates[network];
        var accounts = await store.ListAccountsAsync(network, brand, ct);
        var results = new ConcurrentQueue<AccountRunResult>();
        var completed = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, gate.Options.MaxConcurrency), CancellationToken = ct };
        await Parallel.ForEachAsync(accounts, parallel, async (account, token) =>
        {
            var result = await RunAccountAsync(account, gate, force, token);
            results.Enqueue(result);
            progress?.Report(new CollectorProgress(result, Interlocked.Increment(ref completed), accounts.Count));
        });
        return [.. results.OrderBy(r => r.Handle, StringComparer.Ordinal)];
    }

    private async Task<AccountRunResult> RunAccountAsync(Account account, NetworkGate gate, bool force, CancellationToken ct)
    {
        var options = gate.Options;
        var state = await store.GetStateAsync(account.Network, account.Handle, ct) ?? new CollectorAccountState(account.Network, account.Handle);
        var now = time.GetUtcNow();
        // A tenth of the interval of slack: the timer ticks a moment before "exactly one interval later".
        if (!force && state.NextRunAt is { } next && next - now > options.Interval / 10)
        {
            return Result(account, AccountRunOutcome.Skipped, null, null, $"next run at {next:O}");
        }

        var counters = new RequestCounters();
        CollectorScope.Enter(counters);
        try
        {
            gate.ThrowIfPaused();
            await using var scope = scopes.CreateAsyncScope();
            var collector = scope.ServiceProvider.GetRequiredKeyedService<INetworkCollector>(account.Network);
            var harvest = await collector.CollectAsync(new AccountPass(account, state, now, store, options), ct);
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
            var commit = await store.CommitAsync(account, harvest.Posts, harvest.Followers, succeeded, ct);
            return Result(account, AccountRunOutcome.Succeeded, commit, counters, null);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: nothing of this run was committed, the next start redoes it.
            throw;
        }
        catch (Exception e)
        {
            var (outcome, health, nextRun) = e switch
            {
                NetworkPausedException paused => (AccountRunOutcome.Paused, CollectorHealth.Paused, paused.Until),
                AccountUnavailableException => (AccountRunOutcome.Unavailable, CollectorHealth.Unavailable, now + Backoff(state.ConsecutiveFailures + 1, options.Interval, options.MaxFailureBackoff)),
                _ => (AccountRunOutcome.Failed, CollectorHealth.Failing, now + Backoff(state.ConsecutiveFailures + 1, options.Interval, options.MaxFailureBackoff)),
            };
            var message = Truncate($"{e.GetType().Name}: {e.Message}");
            if (outcome == AccountRunOutcome.Paused)
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
                // A paused network is not the account's fault: its failure streak does not grow.
                ConsecutiveFailures = outcome == AccountRunOutcome.Paused ? state.ConsecutiveFailures : state.ConsecutiveFailures + 1,
                Health = health,
                NextRunAt = nextRun,
                RequestsMade = state.RequestsMade + counters.Requests,
                RateLimited = state.RateLimited + counters.RateLimited,
            };
            await SaveFailureAsync(failed, ct);
            return Result(account, outcome, null, counters, message);
        }
    }

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

    private static AccountRunResult Result(Account account, AccountRunOutcome outcome, CommitResult? commit, RequestCounters? counters, string? error) =>
        new(account.Network, account.Brand, account.Handle, outcome, commit?.Inserted ?? 0, commit?.Updated ?? 0, counters?.Requests ?? 0, counters?.RateLimited ?? 0, error);

    private static string Truncate(string message) => message.Length <= MaxErrorLength ? message : message[..MaxErrorLength] + "...";
}
