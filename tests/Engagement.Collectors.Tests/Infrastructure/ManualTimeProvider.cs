namespace Engagement.Collectors.Tests.Infrastructure;

/// <summary>
/// A fake clock for the collectors. With <see cref="AutoAdvance"/>, a one-shot timer (a delay:
/// a Polly backoff, a rate-limit wait) makes the clock jump to its due time as soon as nothing
/// else could be running: no deadline timer (a Polly attempt timeout, i.e. a request in flight)
/// is pending. So the code under test "sleeps" in virtual time, the jumps are recorded in
/// <see cref="Sleeps"/>, and tests never really wait. Periodic timers (PeriodicTimer) only move
/// with <see cref="Advance"/>.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<FakeTimer> _timers = [];
    private readonly List<TimeSpan> _sleeps = [];
    private DateTimeOffset _now = start;

    public bool AutoAdvance { get; set; } = true;

    /// <summary>Every jump <see cref="AutoAdvance"/> made, in order.</summary>
    public IReadOnlyList<TimeSpan> Sleeps
    {
        get
        {
            lock (_lock)
            {
                return [.. _sleeps];
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // A CancellationTokenSource with a delay is a deadline (Polly's timeout); anything else
        // created here is a sleep that the code awaits.
        var timer = new FakeTimer(this, callback, state, isDeadline: state is CancellationTokenSource);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing every timer due on the way, in order.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_lock)
        {
            target = _now + by;
        }

        while (true)
        {
            FakeTimer? next;
            lock (_lock)
            {
                next = _timers.Where(t => t.Due is { } due && due <= target).MinBy(t => t.Due);
                if (next is null)
                {
                    _now = target;
                    break;
                }

                _now = next.Due!.Value > _now ? next.Due.Value : _now;
                next.Fired();
            }

            next.Fire();
        }

        Nudge();
    }

    /// <summary>Fires what is due; then, if nothing is in flight, makes the earliest pending sleep finish now.</summary>
    internal void Nudge()
    {
        List<FakeTimer> due;
        lock (_lock)
        {
            due = _timers.Where(t => t.Due is { } at && at <= _now).ToList();
            if (due.Count == 0 && AutoAdvance && !_timers.Any(t => t.IsDeadline && t.Due is not null))
            {
                var sleep = _timers.Where(t => !t.IsDeadline && t.Period == Timeout.InfiniteTimeSpan && t.Due is not null).MinBy(t => t.Due);
                if (sleep is not null)
                {
                    _sleeps.Add(sleep.Due!.Value - _now);
                    _now = sleep.Due.Value;
                    due = _timers.Where(t => t.Due is { } at && at <= _now).ToList();
                }
            }

            foreach (var timer in due)
            {
                timer.Fired();
            }
        }

        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    private void Register(FakeTimer timer)
    {
        lock (_lock)
        {
            if (!_timers.Contains(timer))
            {
                _timers.Add(timer);
            }
        }
    }

    private void Unregister(FakeTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class FakeTimer(ManualTimeProvider owner, TimerCallback callback, object? state, bool isDeadline) : ITimer
    {
        public bool IsDeadline { get; } = isDeadline;

        public DateTimeOffset? Due { get; private set; }

        public TimeSpan Period { get; private set; } = Timeout.InfiniteTimeSpan;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                Period = period;
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : owner._now + dueTime;
            }

            if (Due is null)
            {
                owner.Unregister(this);
            }
            else
            {
                owner.Register(this);
            }

            // Off the caller's stack: firing inside CreateTimer would run the callback before its owner exists.
            ThreadPool.UnsafeQueueUserWorkItem(_ => owner.Nudge(), null);
            return true;
        }

        /// <summary>Under the owner's lock: the next due time, or none.</summary>
        public void Fired() => Due = Period == Timeout.InfiniteTimeSpan || Period == TimeSpan.Zero ? null : Due + Period;

        public void Fire()
        {
            if (Due is null)
            {
                owner.Unregister(this);
            }

            ThreadPool.UnsafeQueueUserWorkItem(_ => callback(state), null);
        }

        public void Dispose()
        {
            lock (owner._lock)
            {
                Due = null;
            }

            owner.Unregister(this);
            ThreadPool.UnsafeQueueUserWorkItem(_ => owner.Nudge(), null);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
