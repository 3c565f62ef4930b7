using Engagement.Domain.Model;
using Engagement.Domain.Scoring;

namespace Engagement.Data.Store.Aggregates;

/// <summary>A tracked account with its summary, as one data version of the store has it.</summary>
public sealed record TrackedAccount(Account Account, AccountSummary Summary);

/// <summary>
/// One account's days of a window, read from its months: per day the totals, the followers of
/// that day (-1: the account has no snapshot) and the first response times, flat, with each
/// day's start in <see cref="DelayStart"/> (one more entry than days).
/// </summary>
public sealed class AccountDays(DayTotals[] totals, long[] followers, long[] delays, int[] delayStart)
{
    public DayTotals[] Totals { get; } = totals;

    public long[] Followers { get; } = followers;

    public long[] Delays { get; } = delays;

    public int[] DelayStart { get; } = delayStart;
}

/// <summary>
/// The days of every tracked account over [<see cref="From"/>, <see cref="To"/>): any window
/// inside it (the report's, or a trend bucket) is measured by summing days, with the same
/// totals and formulas as the in-memory engine.
/// </summary>
public sealed class WindowData(DateOnly from, DateOnly to, IReadOnlyList<TrackedAccount> accounts, IReadOnlyList<AccountDays> days)
{
    public DateOnly From { get; } = from;

    public DateOnly To { get; } = to;

    /// <summary>The accounts, in the order of the model they were read for.</summary>
    public IReadOnlyList<TrackedAccount> Accounts { get; } = accounts;

    public IReadOnlyList<AccountDays> Days { get; } = days;

    /// <summary>Measures account <paramref name="index"/> over <paramref name="window"/>, which must lie inside this data.</summary>
    public AccountMeasures Measure(int index, ReportWindow window, SufficiencySettings settings)
    {
        ArgumentNullException.ThrowIfNull(window);
        int first = window.From.DayNumber - From.DayNumber, end = window.To.DayNumber - From.DayNumber;
        if (first < 0 || end > To.DayNumber - From.DayNumber)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "the window is not inside the data read");
        }

        var days = Days[index];
        int posts = 0, answers = 0, userPosts = 0, observed = 0, estimated = 0;
        long interactions = 0, reach = 0;
        for (var day = first; day < end; day++)
        {
            var totals = days.Totals[day];
            posts += totals.Posts;
            answers += totals.Answers;
            userPosts += totals.UserPosts;
            interactions = checked(interactions + totals.Interactions);
            reach = checked(reach + totals.Views);
            observed += totals.Viewed;
            if (days.Followers[day] >= 0 && totals.Unviewed > 0)
            {
                // Each brand post without views reaches that day's followers (section 4).
                reach = checked(reach + (totals.Unviewed * days.Followers[day]));
                estimated += totals.Unviewed;
            }
        }

        var minutes = new List<double>(days.DelayStart[end] - days.DelayStart[first]);
        for (var i = days.DelayStart[first]; i < days.DelayStart[end]; i++)
        {
            minutes.Add(days.Delays[i] / (double)UtcMicros.PerMinute);
        }

        long? Followers(int day) => days.Followers[day] >= 0 ? days.Followers[day] : null;
        var totalsOfWindow = new AccountTotals(
            posts, answers, userPosts, interactions, reach, observed, estimated, minutes, Followers(first), Followers(end - 1));
        return AccountMeasurer.Measure(Accounts[index].Account, totalsOfWindow, window, settings);
    }
}
