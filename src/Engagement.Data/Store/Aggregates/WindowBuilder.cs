using Engagement.Domain.Model;

namespace Engagement.Data.Store.Aggregates;

/// <summary>Assembles <see cref="WindowData"/> from the month rows of a window, in any order.</summary>
internal sealed class WindowBuilder
{
    private readonly IReadOnlyList<TrackedAccount> _accounts;
    private readonly Dictionary<AccountKey, int> _index;
    private readonly List<MonthDays>?[] _months;
    private readonly DateOnly _from;
    private readonly DateOnly _to;

    public WindowBuilder(IReadOnlyList<TrackedAccount> accounts, DateOnly from, DateOnly to)
    {
        _accounts = accounts;
        _from = from;
        _to = to;
        _months = new List<MonthDays>?[accounts.Count];
        _index = new Dictionary<AccountKey, int>(accounts.Count);
        for (var i = 0; i < accounts.Count; i++)
        {
            _index[accounts[i].Account.Key] = i;
        }
    }

    public void Add(AccountKey key, int month, byte[] data)
    {
        // A row outside its account's range is a leftover of an untracked past: never read.
        if (_index.TryGetValue(key, out var i) && _accounts[i].Summary is { FirstMonth: { } first, LastMonth: { } last }
            && month >= first && month <= last)
        {
            (_months[i] ??= []).Add(MonthCodec.Decode(month, data));
        }
    }

    public WindowData Build()
    {
        var days = new AccountDays[_accounts.Count];
        for (var i = 0; i < days.Length; i++)
        {
            days[i] = Assemble(_accounts[i].Summary, _months[i]);
        }

        return new WindowData(_from, _to, _accounts, days);
    }

    private AccountDays Assemble(AccountSummary summary, List<MonthDays>? months)
    {
        var count = _to.DayNumber - _from.DayNumber;
        var totals = new DayTotals[count];
        var followers = new long[count];
        var delays = new List<long>();
        var delayStart = new int[count + 1];
        var byMonth = months?.ToDictionary(m => m.Month) ?? [];
        for (var i = 0; i < count; i++)
        {
            var date = _from.AddDays(i);
            var month = MonthKey.Of(date);
            delayStart[i] = delays.Count;
            if (byMonth.TryGetValue(month, out var days))
            {
                var day = date.Day - 1;
                totals[i] = days.Totals[day];
                delays.AddRange(days.Delays[day]);
                followers[i] = days.Followers?[day] ?? -1;
            }
            else
            {
                // Outside the account's months: before them the earliest snapshot, after them the latest.
                var outside = summary.FirstMonth is { } first && month < first ? summary.EarliestFollowers : summary.LatestFollowers;
                followers[i] = outside ?? -1;
            }
        }

        delayStart[count] = delays.Count;
        return new AccountDays(totals, followers, [.. delays], delayStart);
    }
}
