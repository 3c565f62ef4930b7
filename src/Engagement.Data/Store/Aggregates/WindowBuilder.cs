using Engagement.Domain.Model;

namespace Engagement.Data.Store.Aggregates;

/// <summary>
/// Assembles <see cref="WindowData"/> from the month rows of a window, decoded straight into
/// each account's arrays. Rows must come in month order per account (the key's order), so that
/// each account's first response times are appended day after day.
/// </summary>
internal sealed class WindowBuilder
{
    private readonly IReadOnlyList<TrackedAccount> _accounts;
    private readonly Dictionary<AccountKey, int> _index;
    private readonly Builder?[] _builders;
    private readonly DateOnly _from;
    private readonly int _days;

    public WindowBuilder(IReadOnlyList<TrackedAccount> accounts, DateOnly from, DateOnly to)
    {
        _accounts = accounts;
        _from = from;
        _days = to.DayNumber - from.DayNumber;
        _builders = new Builder?[accounts.Count];
        _index = new Dictionary<AccountKey, int>(accounts.Count);
        for (var i = 0; i < accounts.Count; i++)
        {
            _index[accounts[i].Account.Key] = i;
        }
    }

    public void Add(AccountKey key, int month, ReadOnlySpan<byte> data)
    {
        // A row outside its account's range is a leftover of an untracked past: never read.
        if (_index.TryGetValue(key, out var i) && _accounts[i].Summary is { FirstMonth: { } first, LastMonth: { } last }
            && month >= first && month <= last)
        {
            (_builders[i] ??= new Builder(_accounts[i].Summary, _from, _days)).Add(month, data);
        }
    }

    public WindowData Build()
    {
        var days = new AccountDays[_accounts.Count];
        for (var i = 0; i < days.Length; i++)
        {
            days[i] = (_builders[i] ?? new Builder(_accounts[i].Summary, _from, _days)).Build();
        }

        return new WindowData(_from, _from.AddDays(_days), _accounts, days);
    }

    /// <summary>One account's days: totals, followers and first response times as they arrive.</summary>
    private sealed class Builder
    {
        private readonly AccountSummary _summary;
        private readonly DateOnly _from;
        private readonly DayTotals[] _totals;
        private readonly long[] _followers;
        private readonly int[] _delayStart;
        private long[] _delays = [];
        private int _delayCount;
        private int _filled;

        public Builder(AccountSummary summary, DateOnly from, int days)
        {
            _summary = summary;
            _from = from;
            _totals = new DayTotals[days];
            _followers = new long[days];
            _delayStart = new int[days + 1];
            // Outside the account's months: before them the earliest snapshot, after them the latest.
            for (var day = 0; day < days; day++)
            {
                var month = MonthKey.Of(from.AddDays(day));
                _followers[day] = (summary.FirstMonth is { } firstMonth && month < firstMonth ? summary.EarliestFollowers : summary.LatestFollowers) ?? -1;
            }
        }

        public void Add(int month, ReadOnlySpan<byte> data)
        {
            var reader = new VarintReader(data);
            if (reader.ReadByte() != MonthCodec.FormatVersion)
            {
                throw new InvalidDataException($"account_months row of month {month}: unknown format");
            }

            var offset = MonthKey.FirstDay(month).DayNumber - _from.DayNumber;
            var length = MonthKey.Days(month);
            for (var active = reader.ReadInt32(); active > 0; active--)
            {
                var day = offset + reader.ReadInt32();
                var totals = new DayTotals(
                    reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(),
                    reader.ReadInt64(), reader.ReadInt64());
                var answered = reader.ReadInt32();
                var inside = day >= 0 && day < _totals.Length;
                if (inside)
                {
                    _totals[day] = totals;
                    StartDaysUpTo(day);
                }

                for (var k = 0; k < answered; k++)
                {
                    var delay = reader.ReadInt64();
                    if (inside)
                    {
                        Append(delay);
                    }
                }
            }

            var hasFollowers = reader.ReadByte() != 0;
            for (var i = 0; i < length; i++)
            {
                var followers = hasFollowers ? reader.ReadInt64() : -1;
                if (offset + i >= 0 && offset + i < _followers.Length)
                {
                    _followers[offset + i] = followers;
                }
            }
        }

        public AccountDays Build()
        {
            StartDaysUpTo(_totals.Length);
            return new AccountDays(_totals, _followers, _delays, _delayStart);
        }

        // Days before `day` not started yet have no response time; `day` starts here.
        private void StartDaysUpTo(int day)
        {
            while (_filled <= day)
            {
                _delayStart[_filled++] = _delayCount;
            }
        }

        private void Append(long delay)
        {
            if (_delayCount == _delays.Length)
            {
                Array.Resize(ref _delays, Math.Max(8, _delays.Length * 2));
            }

            _delays[_delayCount++] = delay;
        }
    }
}
