using Engagement.Domain.Model;

namespace Engagement.Data.Store.Aggregates;

/// <summary>
/// Assembles <see cref="WindowData"/> from the month rows of a window, in any order, decoded
/// straight into flat arrays (one allocation each, not three per account: at 90,000 accounts the
/// small arrays cost more in garbage collection than the decoding). First response times are
/// gathered as they come, then placed cell by cell with a counting sort. Rows may be added from
/// several threads at once, each through its own <see cref="Part"/>: a row writes only its own
/// account's days, and a part keeps its own response times.
/// </summary>
internal sealed class WindowBuilder
{
    private readonly IReadOnlyList<TrackedAccount> _accounts;
    private readonly Dictionary<AccountKey, int> _index;
    private readonly DateOnly _from;
    private readonly int _days;
    private readonly DayTotals[] _totals;
    private readonly long[] _followers;
    private readonly List<Part> _parts = [];

    public WindowBuilder(IReadOnlyList<TrackedAccount> accounts, DateOnly from, DateOnly to)
    {
        _accounts = accounts;
        _from = from;
        _days = to.DayNumber - from.DayNumber;
        _totals = new DayTotals[accounts.Count * _days];
        _followers = new long[accounts.Count * _days];
        _index = new Dictionary<AccountKey, int>(accounts.Count);
        var months = new int[_days];
        for (var day = 0; day < _days; day++)
        {
            months[day] = MonthKey.Of(from.AddDays(day));
        }

        for (var i = 0; i < accounts.Count; i++)
        {
            _index[accounts[i].Account.Key] = i;
            // Outside the account's months: before them the earliest snapshot, after them the latest
            // (the months' rows overwrite the days they hold).
            var summary = accounts[i].Summary;
            for (var day = 0; day < _days; day++)
            {
                _followers[(i * _days) + day] =
                    (summary.FirstMonth is { } first && months[day] < first ? summary.EarliestFollowers : summary.LatestFollowers) ?? -1;
            }
        }
    }

    /// <summary>A reader's share of the rows; parts of one builder may be filled at the same time.</summary>
    public Part NewPart()
    {
        var part = new Part(this);
        lock (_parts)
        {
            _parts.Add(part);
        }

        return part;
    }

    /// <summary>Rows added by one thread: the days go straight into the window, the response times into the part.</summary>
    public sealed class Part(WindowBuilder window)
    {
        internal List<(int Cell, long Delay)> Delays { get; } = [];

        public void Add(AccountKey key, int month, ReadOnlySpan<byte> data)
        {
            // A row outside its account's range is a leftover of an untracked past: never read.
            if (!window._index.TryGetValue(key, out var i) || window._accounts[i].Summary is not { FirstMonth: { } first, LastMonth: { } last }
                || month < first || month > last)
            {
                return;
            }

            var into = new Into(window, Delays, cell: i * window._days, offset: MonthKey.FirstDay(month).DayNumber - window._from.DayNumber);
            MonthCodec.Read(month, data, ref into);
        }
    }

    // Copies a month's days into this window's cells; days outside the window are skipped.
    private readonly struct Into(WindowBuilder window, List<(int Cell, long Delay)> delays, int cell, int offset) : IMonthReader
    {
        public void Day(int day, in DayTotals totals)
        {
            if (Inside(day))
            {
                window._totals[cell + offset + day] = totals;
            }
        }

        public void Delay(int day, long delay)
        {
            if (Inside(day))
            {
                delays.Add((cell + offset + day, delay));
            }
        }

        public void Followers(int day, long followers)
        {
            if (Inside(day))
            {
                window._followers[cell + offset + day] = followers;
            }
        }

        private bool Inside(int day) => offset + day >= 0 && offset + day < window._days;
    }

    /// <summary>The window, once every part is filled.</summary>
    public WindowData Build()
    {
        var start = new int[_totals.Length + 1];
        var count = 0;
        foreach (var part in _parts)
        {
            count += part.Delays.Count;
            foreach (var (cell, _) in part.Delays)
            {
                start[cell + 1]++;
            }
        }

        for (var cell = 0; cell < _totals.Length; cell++)
        {
            start[cell + 1] += start[cell];
        }

        // Stable: a day's response times keep the order they were stored in (they all come from
        // one row, so from one part).
        var next = (int[])start.Clone();
        var delays = new long[count];
        foreach (var part in _parts)
        {
            foreach (var (cell, delay) in part.Delays)
            {
                delays[next[cell]++] = delay;
            }
        }

        return new WindowData(_from, _from.AddDays(_days), _accounts, _totals, _followers, delays, start);
    }
}
