using Engagement.Collectors.Options;
using Engagement.Collectors.Storage;
using Engagement.Domain.Model;

namespace Engagement.Collectors.Engine;

/// <summary>Collects one account of one network: everything a run of it stores, nothing stored yet.</summary>
internal interface INetworkCollector
{
    string Network { get; }

    Task<AccountHarvest> CollectAsync(AccountPass pass, CancellationToken ct);
}

/// <summary>What one account run produced; committed in one transaction with the new state.</summary>
public sealed record AccountHarvest(IReadOnlyList<Post> Posts, FollowerSnapshot? Followers, string? Cursor);

/// <summary>One run of one account: who, where it stands, and the instant the run started.</summary>
internal sealed record AccountPass(Account Account, CollectorAccountState State, DateTimeOffset Now, ICollectorStore Store, NetworkCollectorOptions Options)
{
    /// <summary>The first successful run goes back <see cref="NetworkCollectorOptions.BackfillDays"/>.</summary>
    public bool IsBackfill => State.BackfilledAt is null;

    /// <summary>Posts created before this instant are out of the run: older than the backfill or refresh window.</summary>
    public long CutoffMicros => UtcMicros.FromDateTimeOffset(
        Now - TimeSpan.FromDays(IsBackfill ? Options.BackfillDays : Options.RefreshDays));

    /// <summary>The UTC day of the run: one follower snapshot per account and day.</summary>
    public DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);

    public FollowerSnapshot Followers(long count) => new(Account.Network, Account.Handle, Today, Math.Max(0, count));
}

/// <summary>Posts of a run by id: a post met twice (own feed and a thread) is stored once, the last copy winning.</summary>
internal sealed class PostSet
{
    private readonly Dictionary<string, Post> _posts = new(StringComparer.Ordinal);

    public void Add(Post post) => _posts[post.PostId] = post;

    public IReadOnlyList<Post> ToList() => [.. _posts.Values];
}
