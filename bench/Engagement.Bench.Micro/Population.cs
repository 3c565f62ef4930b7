using Engagement.Bench;
using Engagement.Data.Store.Aggregates;
using Engagement.Domain.Model;
using Engagement.Domain.Scoring;

namespace Engagement.Bench.Micro;

/// <summary>The synthetic population of Engagement.Bench, totalled into daily aggregates once per process.</summary>
internal static class Population
{
    public static readonly DateOnly From = new(2024, 6, 1);
    public static readonly ReportWindow Window = new(From, From.AddDays(30));

    private static readonly Lazy<(List<Brand> Brands, List<Account> Accounts, List<Post> Posts, List<FollowerSnapshot> Followers)> Raw =
        new(() => SyntheticPopulation.Create(30_000, From, 30, seed: 42));

    private static readonly Lazy<(List<Account> Accounts, List<AccountAggregate> Aggregates)> Totalled = new(() =>
    {
        var (_, accounts, posts, followers) = Raw.Value;
        var byAuthor = posts.ToLookup(p => (p.Network, p.Author));
        var byParent = posts.Where(p => p.InReplyToAuthor is not null).ToLookup(p => (p.Network, p.InReplyToAuthor!));
        var byMention = posts.SelectMany(p => p.Mentions.Select(m => (p, m))).ToLookup(x => (x.p.Network, x.m), x => x.p);
        var snapshots = followers.ToLookup(f => (f.Network, f.Handle), f => (f.Date, f.Followers));
        return (accounts, accounts.Select(a => Aggregate(a, byAuthor, byParent, byMention, snapshots)).ToList());
    });

    public static List<Brand> Brands => Raw.Value.Brands;

    public static List<Account> Accounts => Totalled.Value.Accounts;

    public static List<AccountAggregate> Aggregates => Totalled.Value.Aggregates;

    /// <summary>Totals one account as the store's refresh does: its own posts, then its user posts.</summary>
    public static AccountAggregate Aggregate(
        Account account,
        ILookup<(string, string), Post> byAuthor,
        ILookup<(string, string), Post> byParent,
        ILookup<(string, string), Post> byMention,
        ILookup<(string, string), (DateOnly, long)> snapshots)
    {
        var aggregator = new AccountAggregator();
        foreach (var post in byAuthor[(account.Network, account.Handle)])
        {
            if (post.InReplyToAuthor is null || post.InReplyToAuthor == account.Handle)
            {
                aggregator.AddBrandPost(post.CreatedAt, post.Interactions, post.Views);
            }
            else
            {
                aggregator.AddAnswer(post.CreatedAt, post.InReplyToPost);
            }
        }

        foreach (var post in byParent[(account.Network, account.Handle)].Concat(byMention[(account.Network, account.Handle)]).DistinctBy(p => p.PostId))
        {
            if (post.Author != account.Handle)
            {
                aggregator.AddUserPost(post.PostId, post.CreatedAt);
            }
        }

        return aggregator.Build([.. snapshots[(account.Network, account.Handle)]]);
    }
}
