namespace Engagement.Data.Store.Aggregates;

/// <summary>
/// One account's days of one month, as <c>account_months.data</c> holds them: per day its
/// <see cref="DayTotals"/>, the first response times (microseconds) of the day's answered user
/// posts, and the followers the spec gives that day (the latest snapshot on or before it, else
/// the earliest), or none when the account has no snapshot at all.
/// </summary>
public sealed class MonthDays
{
    public MonthDays(int month, bool hasFollowers)
    {
        Month = month;
        var days = MonthKey.Days(month);
        Totals = new DayTotals[days];
        Delays = new long[days][];
        Array.Fill(Delays, []);
        Followers = hasFollowers ? new long[days] : null;
    }

    public int Month { get; }

    public DayTotals[] Totals { get; }

    /// <summary>Per day, one first response time per answered user post of that day.</summary>
    public long[][] Delays { get; }

    public long[]? Followers { get; }
}
