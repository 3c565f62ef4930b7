using Engagement.Data.Store.Repositories;

namespace Engagement.Collectors.Http;

/// <summary>
/// A lane's budget shared by every process of the store (a <c>collect --once</c> run beside the
/// service, several instances): the in-process budget first (it orders and spaces this process's
/// own requests), then a grant in <c>request_budget</c>, taken atomically right before the request
/// goes out, counted against the same window and limit by every process. When the shared budget
/// is spent the request waits (on the injected clock) until the oldest grant expires, or, for a
/// daily quota, the network pauses until the day ends.
/// </summary>
internal sealed class SharedRequestBudget(IRequestBudget local, RequestBudgetRepository store, NetworkGate gate, string lane) : IRequestBudget
{
    /// <summary>A store that does not answer in time fails the request rather than holding the lane.</summary>
    private static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(30);

    private readonly int _permits = gate.Policy.PermitsOf(gate.Options, lane);

    public async ValueTask<BudgetGrant> AcquireAsync(int cost, CancellationToken ct)
    {
        using var _ = await local.AcquireAsync(cost, ct);
        while (true)
        {
            // Read by the store once the lane is locked (see TryTakeAsync), so the instant counted is
            // the grant's, however long the take waited for the lock.
            DateTimeOffset now = default, from = default;
            (DateTimeOffset, DateTimeOffset) Instant()
            {
                now = gate.Time.GetUtcNow();
                from = gate.Policy.SharedCountsFrom(gate.Options, now);
                return (now, from);
            }

            // A deadline on the injected clock: it bounds the store call and, once granted, the time
            // until the request goes out (the caller disposes the grant when its attempt started),
            // so the instant counted in the store is the instant the request is sent.
            var deadline = new CancellationTokenSource(StoreTimeout, gate.Time);
            BudgetTake take;
            try
            {
                take = await TakeAsync(Instant, cost, deadline.Token, ct);
            }
            catch
            {
                deadline.Dispose();
                throw;
            }

            if (take.Granted)
            {
                return new BudgetGrant(deadline);
            }

            deadline.Dispose();

            if (gate.Policy.PausesWhenSpent)
            {
                throw new NetworkPausedException(
                    gate.Network, PacificTime.NextMidnight(now), $"the quota of {_permits} units a day, shared by every collector of the store, is spent");
            }

            // The oldest counted grant frees its units once it is a window old; nothing counted
            // (a cost above the limit never fits) cannot happen: the in-process budget refused it first.
            var freed = (take.OldestCounted ?? now) + (now - from) + TimeSpan.FromTicks(TimeSpan.TicksPerMicrosecond);
            await Task.Delay(freed > now ? freed - now : TimeSpan.FromTicks(TimeSpan.TicksPerMicrosecond), gate.Time, ct);
        }
    }

    public void BlockUntil(DateTimeOffset until) => local.BlockUntil(until);

    /// <summary>The server said the quota is gone: the other processes stop asking until it resets, too.</summary>
    public Task SpendWindowAsync(DateTimeOffset now, CancellationToken ct) =>
        store.SpendAllAsync(gate.Network, lane, now, _permits, ct);

    private async Task<BudgetTake> TakeAsync(
        Func<(DateTimeOffset, DateTimeOffset)> instant, int cost, CancellationToken deadline, CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline);
        return await store.TryTakeAsync(gate.Network, lane, instant, cost, _permits, linked.Token);
    }
}
