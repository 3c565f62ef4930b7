using Engagement.Domain.Model;
using Engagement.Domain.Scoring;

namespace Engagement.Data.Store.Aggregates;

/// <summary>A tracked account with its summary, as one data version of the store has it.</summary>
public sealed record TrackedAccount(Account Account, AccountSummary Summary);

/// <summary>
/// The days of every tracked account over [<see cref="From"/>, <see cref="To"/>): any window
/// inside it (the report's, or a trend bucket) is measured by summing days, with the same
/// totals and formulas as the in-memory engine. Flat arrays, account after account (a cell is
/// account * days + day): per cell the totals, the followers of that day (-1: the account has
/// no snapshot) and where its first response times start in <see cref="Delays"/> (one more
/// entry than cells).
/// </summary>
public sealed class WindowData(
    DateOnly from, DateOnly to, IReadOnlyList<TrackedAccount> accounts, DayTotals[] totals, long[] followers, long[] delays, int[] delayStart)
{
    public DateOnly From { get; } = from;

    public DateOnly To { get; } = to;

    /// <summary>The accounts, in the order of the model they were read for.</summary>
    public IReadOnlyList<TrackedAccount> Accounts { get; } = accounts;

    public int Days => To.DayNumber - From.DayNumber;

    public DayTotals[] Totals { get; } = totals;

    public long[] Followers { get; } = followers;

    public long[] Delays { get; } = delays;

    public int[] DelayStart { get; } = delayStart;

    /// <summary>Measures account <paramref name="index"/> over <paramref name="window"/>, which must lie inside this data.</summary>
    public AccountMeasures Measure(int index, ReportWindow window, SufficiencySettings settings)
    {
        ArgumentNullException.ThrowIfNull(window);
        int first = window.From.DayNumber - From.DayNumber, end = window.To.DayNumber - From.DayNumber;
        if (first < 0 || end > Days)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "the window is not inside the data read");
        }

        var cell = index * Days;
        int posts = 0, answers = 0, userPosts = 0, observed = 0, estimated = 0;
        long interactions = 0, reach = 0;
        for (var day = cell + first; day < cell + end; day++)
        {
            var totals = Totals[day];
            posts += totals.Posts;
            answers += totals.Answers;
            userPosts += totals.UserPosts;
            interactions = checked(interactions + totals.Interactions);
            reach = checked(reach + totals.Views);
            observed += totals.Viewed;
            if (Followers[day] >= 0 && totals.Unviewed > 0)
            {
                // Each brand post without views reaches that day's followers (section 4).
                reach = checked(reach + (totals.Unviewed * Followers[day]));
                estimated += totals.Unviewed;
            }
        }

        var minutes = new List<double>(DelayStart[cell + end] - DelayStart[cell + first]);
        for (var i = DelayStart[cell + first]; i < DelayStart[cell + end]; i++)
        {
            minutes.Add(Delays[i] / (double)UtcMicros.PerMinute);
        }

        long? FollowersOn(int day) => Followers[cell + day] >= 0 ? Followers[cell + day] : null;
        var totalsOfWindow = new AccountTotals(
            posts, answers, userPosts, interactions, reach, observed, estimated, minutes, FollowersOn(first), FollowersOn(end - 1));
        return AccountMeasurer.Measure(Accounts[index].Account, totalsOfWindow, window, settings);
    }
}
