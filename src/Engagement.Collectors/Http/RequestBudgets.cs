namespace Engagement.Collectors.Http;

/// <summary>
/// The client-side limit of one lane (a network, or one Mastodon instance): a request takes
/// its cost from the budget first, waiting (on the injected clock) when none is left.
/// </summary>
internal interface IRequestBudget
{
    /// <summary>Takes <paramref name="cost"/> units; the grant is disposed once the request is on its way.</summary>
    ValueTask<BudgetGrant> AcquireAsync(int cost, CancellationToken ct);

    /// <summary>The server said to stop until then (a 429, or no requests remaining): later requests wait.</summary>
    void BlockUntil(DateTimeOffset until);
}

/// <summary>
/// A granted request, held from the grant until the request's own attempt (and its timeout) has
/// started. A grant counted at one instant must go out at that instant: the hold is a deadline on
/// the injected clock, so nothing (another worker's wait on a test clock) moves time in between.
/// </summary>
internal readonly struct BudgetGrant(IDisposable? hold) : IDisposable
{
    public void Dispose() => hold?.Dispose();
}

/// <summary>
/// At most <c>permits</c> cost units in any window of length <c>window</c>: a log of the grants
/// of the last window, so a burst right after a quiet window cannot double the rate.
/// </summary>
internal sealed class SlidingWindowBudget(int permits, TimeSpan window, TimeProvider time) : IRequestBudget
{
    private readonly Queue<(DateTimeOffset At, int Cost)> _granted = new();
    // One waiter at a time, so waiting requests are served roughly in arrival order.
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly Lock _blockLock = new();
    private int _used;
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;

    public async ValueTask<BudgetGrant> AcquireAsync(int cost, CancellationToken ct)
    {
        if (cost > permits)
        {
            throw new InvalidOperationException($"a request costing {cost} can never fit a budget of {permits}");
        }

        await _turn.WaitAsync(ct);
        try
        {
            while (true)
            {
                var now = time.GetUtcNow();
                var blockedUntil = BlockedUntil;
                if (blockedUntil > now)
                {
                    await Task.Delay(blockedUntil - now, time, ct);
                    continue;
                }

                while (_granted.Count > 0 && _granted.Peek().At + window <= now)
                {
                    _used -= _granted.Dequeue().Cost;
                }

                if (_used + cost <= permits)
                {
                    _granted.Enqueue((now, cost));
                    _used += cost;
                    return default;
                }

                await Task.Delay(_granted.Peek().At + window - now, time, ct);
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    public void BlockUntil(DateTimeOffset until)
    {
        lock (_blockLock)
        {
            if (until > _blockedUntil)
            {
                _blockedUntil = until;
            }
        }
    }

    private DateTimeOffset BlockedUntil
    {
        get
        {
            lock (_blockLock)
            {
                return _blockedUntil;
            }
        }
    }
}

/// <summary>
/// YouTube's quota: units per Pacific day. Waiting hours for the reset would hold a worker, so
/// an exhausted quota pauses the network instead (<see cref="NetworkPausedException"/>).
/// </summary>
internal sealed class DailyQuotaBudget(string network, int unitsPerDay, TimeProvider time) : IRequestBudget
{
    private readonly Lock _lock = new();
    private DateTimeOffset _dayEnds = DateTimeOffset.MinValue;
    private int _used;
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;

    public async ValueTask<BudgetGrant> AcquireAsync(int cost, CancellationToken ct)
    {
        TimeSpan wait;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (now >= _dayEnds)
            {
                _dayEnds = PacificTime.NextMidnight(now);
                _used = 0;
            }

            if (_used + cost > unitsPerDay)
            {
                throw new NetworkPausedException(network, _dayEnds, $"the client-side quota of {unitsPerDay} units per day is spent");
            }

            _used += cost;
            wait = _blockedUntil - now;
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, ct);
        }

        return default;
    }

    public void BlockUntil(DateTimeOffset until)
    {
        lock (_lock)
        {
            if (until > _blockedUntil)
            {
                _blockedUntil = until;
            }
        }
    }
}
