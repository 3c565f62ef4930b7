using Engagement.Domain.Model;

namespace Engagement.Domain.Scoring;

/// <summary>
/// What an account's measures are computed from, gathered over one window (methodology.md §4):
/// counts and sums of its classified posts, the first response times of its answered user posts,
/// and its followers at both ends of the window. Any source that can total these (posts in
/// memory, daily aggregates in a store) gets the same KPIs from <see cref="AccountMeasurer.Measure(Account, AccountTotals, ReportWindow, SufficiencySettings)"/>.
/// </summary>
/// <param name="FirstResponseMinutes">One value per answered user post (microseconds / 60,000,000); sorted in place by the median.</param>
public sealed record AccountTotals(
    int Posts,
    int Answers,
    int UserPosts,
    long Interactions,
    long Reach,
    int Observed,
    int Estimated,
    List<double> FirstResponseMinutes,
    long? FollowersStart,
    long? FollowersEnd);

/// <summary>Computes the measures and KPIs of one account over one window (methodology.md §4-§6).</summary>
public static class AccountMeasurer
{
    public static AccountMeasures Measure(AccountActivity activity, ReportWindow window, SufficiencySettings settings)
    {
        var followers = activity.Followers;

        int posts = 0;
        long interactions = 0;
        long reach = 0;
        int observed = 0, estimated = 0;
        foreach (var post in activity.BrandPosts)
        {
            if (!window.Contains(post.CreatedAt))
            {
                continue;
            }

            posts++;
            interactions = checked(interactions + post.Interactions);
            if (post.Views is { } views)
            {
                reach = checked(reach + views);
                observed++;
            }
            else if (followers.LatestOnOrBefore(UtcMicros.DayOf(post.CreatedAt)) is { } audience)
            {
                reach = checked(reach + audience);
                estimated++;
            }
        }

        int answers = activity.AdminAnswers.Count(a => window.Contains(a.CreatedAt));

        int userPosts = 0;
        var firstResponseMinutes = new List<double>();
        foreach (var userPost in activity.UserPosts)
        {
            if (!window.Contains(userPost.CreatedAt))
            {
                continue;
            }

            userPosts++;
            if (activity.FirstResponse(userPost) is { } delay)
            {
                firstResponseMinutes.Add(delay / (double)UtcMicros.PerMinute);
            }
        }

        var totals = new AccountTotals(
            posts,
            answers,
            userPosts,
            interactions,
            reach,
            observed,
            estimated,
            firstResponseMinutes,
            followers.LatestOnOrBefore(window.From),
            followers.LatestOnOrBefore(window.To.AddDays(-1)));
        return Measure(activity.Account, totals, window, settings);
    }

    /// <summary>The measures and KPIs of <paramref name="account"/> from its totals over <paramref name="window"/>.</summary>
    public static AccountMeasures Measure(Account account, AccountTotals totals, ReportWindow window, SufficiencySettings settings)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(totals);
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(settings);
        var (posts, answers, userPosts, interactions, reach, observed, estimated, firstResponseMinutes, followersStart, followersEnd) = totals;
        int effort = posts + answers;
        int answered = firstResponseMinutes.Count;
        var basis = (observed, estimated) switch
        {
            ( > 0, > 0) => ReachBasis.Mixed,
            ( > 0, 0) => ReachBasis.Observed,
            (0, > 0) => ReachBasis.Estimated,
            _ => ReachBasis.None,
        };
        long? knownReach = basis == ReachBasis.None ? null : reach;

        double? impact = effort == 0 || knownReach is null ? null : (double)knownReach.Value / effort;
        double? engagement = effort == 0 ? null : (double)interactions / effort;
        double? responsiveness = userPosts == 0 ? null : (double)answered / userPosts;
        double? answerRatio = userPosts == 0 ? null : (double)answers / userPosts;
        (double Low, double High)? wilson = userPosts == 0 ? null : Statistics.Wilson(answered, userPosts);

        double? perThousand = posts > 0 && followersEnd is > 0
            ? checked(1000 * interactions) / (double)checked(posts * followersEnd.Value)
            : null;
        double? growth = followersStart is { } start && start != 0 && followersEnd is { } end
            ? (double)(end - start) / start
            : null;

        var sufficient = new KpiFlags(
            impact is not null && effort >= settings.MinEffort,
            engagement is not null && effort >= settings.MinEffort,
            responsiveness is not null && userPosts >= settings.MinUserPosts);

        return new AccountMeasures(
            account.Brand,
            account.Network,
            account.Handle,
            posts,
            answers,
            effort,
            userPosts,
            answered,
            interactions,
            knownReach,
            basis,
            followersStart,
            followersEnd,
            impact,
            engagement,
            responsiveness,
            answerRatio,
            wilson?.Low,
            wilson?.High,
            Statistics.MedianInPlace(firstResponseMinutes),
            perThousand,
            growth,
            (double)posts / window.Days,
            sufficient);
    }
}
