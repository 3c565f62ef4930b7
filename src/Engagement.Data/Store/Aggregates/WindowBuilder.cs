using Engagement.Domain.Model;

namespace Engagement.Data.Store.Aggregates;

/// <summary>
/// Assembles <see cref="WindowData"/> from the month rows of a window, in any order, decoded
/// straight into flat arrays (one allocation each, not three per account: at 90,000 accounts the
/// small arrays cost more in garbage collection than the decoding). First response times are
/// gathered as they come, then placed cell by cell with a counting sort. Rows may be added from
/// several threads at once, each through its own <see cref="Part"/>: a row writes only its own
/// account's days, and a part keeps its own response times. Accounts are found by network, then
/// handle: a dictionary keyed by strings is precompiled in the runtime, one keyed by our own
/// struct was run unoptimized through a cold report's 180,000 lookups.
/// </summary>
internal sealed class WindowBuilder
{
    private readonly IReadOnlyList<TrackedAccount> _accounts;
    private readonly Dictionary<string, Dictionary<string, int>> _index = new(StringComparer.Ordinal);
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
        var months = new int[_days];
        for (var day = 0; day < _days; day++)
        {
            months[day] = MonthKey.Of(from.AddDays(day));
        }

        for (var i = 0; i < accounts.Count; i++)
        {
            var account = accounts[i].Account;
            if (!_index.TryGetValue(account.Network, out var handles))
            {
                handles = new Dictionary<string, int>(StringComparer.Ordinal);
                _index[account.Network] = handles;
            }

            handles[account.Handle] = i;
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
        // Each response time and its cell, in the order read, in blocks that are never copied: at
        // 30,000 brands 2.2 million of them, and arrays doubled as they grew touched ~100 MB of
        // fresh memory where they need 27 MB (bench/RESULTS.md, fifth pass).
        internal const int BlockSize = 1 << 16;

        private readonly List<int[]> _cells = [];
        private readonly List<long[]> _delays = [];

        internal int Count { get; private set; }

        /// <summary>The cells, block by block (the last one holds <see cref="Count"/> modulo <see cref="BlockSize"/> or a whole block).</summary>
        internal IReadOnlyList<int[]> Cells => _cells;

        internal IReadOnlyList<long[]> Delays => _delays;

        /// <summary>How many entries block <paramref name="block"/> holds.</summary>
        internal int Length(int block) => Math.Min(BlockSize, Count - (block * BlockSize));

        /// <summary>A row of network's <paramref name="handle"/> for <paramref name="month"/>.</summary>
        public void Add(string network, string handle, int month, ReadOnlySpan<byte> data)
        {
            // A row outside its account's range is a leftover of an untracked past: never read.
            if (!window._index.TryGetValue(network, out var handles) || !handles.TryGetValue(handle, out var i)
                || window._accounts[i].Summary is not { FirstMonth: { } first, LastMonth: { } last } || month < first || month > last)
            {
                return;
            }

            var into = new Into(window, this, cell: i * window._days, offset: MonthKey.FirstDay(month).DayNumber - window._from.DayNumber);
            MonthCodec.Read(month, data, ref into);
        }

        internal void AddDelay(int cell, long delay)
        {
            var at = Count % BlockSize;
            if (at == 0)
            {
                _cells.Add(new int[BlockSize]);
                _delays.Add(new long[BlockSize]);
            }

            _cells[^1][at] = cell;
            _delays[^1][at] = delay;
            Count++;
        }
    }

    // Copies a month's days into this window's cells; days outside the window are skipped.
    private readonly struct Into(WindowBuilder window, Part part, int cell, int offset) : IMonthReader
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
                part.AddDelay(cell + offset + day, delay);
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
        // A counting sort of the response times by cell: start[cell + 1] counts, then sums.
        var start = new int[_totals.Length + 1];
        var count = 0;
        foreach (var part in _parts)
        {
            count += part.Count;
            for (var block = 0; block < part.Cells.Count; block++)
            {
                foreach (var cell in part.Cells[block].AsSpan(0, part.Length(block)))
                {
                    start[cell + 1]++;
                }
            }
        }

        for (var cell = 0; cell < _totals.Length; cell++)
        {
            start[cell + 1] += start[cell];
        }

        // Stable: a day's response times keep the order they were stored in (they all come from
        // one row, so from one part). Placing moves each cell's start to its end, that is to the
        // next cell's start; shifting back restores them (no second array of 2.7 million).
        var delays = new long[count];
        foreach (var part in _parts)
        {
            for (var block = 0; block < part.Cells.Count; block++)
            {
                var cells = part.Cells[block].AsSpan(0, part.Length(block));
                var times = part.Delays[block];
                for (var i = 0; i < cells.Length; i++)
                {
                    delays[start[cells[i]]++] = times[i];
                }
            }
        }

        for (var cell = _totals.Length - 1; cell > 0; cell--)
        {
            start[cell] = start[cell - 1];
        }

        start[0] = 0;
        return new WindowData(_from, _from.AddDays(_days), _accounts, _totals, _followers, delays, start);
    }
}
