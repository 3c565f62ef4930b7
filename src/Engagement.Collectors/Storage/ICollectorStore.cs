using Engagement.Domain.Model;

namespace Engagement.Collectors.Storage;

/// <summary>What a <see cref="ICollectorStore.CommitAsync"/> wrote: posts new to the store, stored posts that changed.</summary>
public sealed record CommitResult(int Inserted, int Updated);

/// <summary>The storage the collectors need: tracked accounts in, posts, followers and state out.</summary>
public interface ICollectorStore
{
    /// <summary>Tracked accounts, of one network and/or brand when given, ordered by network then handle.</summary>
    Task<IReadOnlyList<Account>> ListAccountsAsync(string? network, string? brand, CancellationToken ct);

    Task<CollectorAccountState?> GetStateAsync(string network, string handle, CancellationToken ct);

    Task<IReadOnlyList<CollectorAccountState>> ListStatesAsync(CancellationToken ct);

    /// <summary>
    /// The stored posts of <paramref name="author"/> created at or after <paramref name="sinceMicros"/>,
    /// with their reply counts: a reply count that did not change means the replies need no new fetch.
    /// </summary>
    Task<IReadOnlyDictionary<string, long>> GetReplyCountsAsync(string network, string author, long sinceMicros, CancellationToken ct);

    /// <summary>
    /// In ONE transaction: upserts the posts by (network, post_id) (counts updated in place),
    /// replaces the follower snapshot of its (network, handle, date), and writes
    /// <paramref name="state"/> with <see cref="CollectorAccountState.PostsStored"/> increased by the
    /// posts inserted. A crash at any point leaves either all of it or none.
    /// </summary>
    Task<CommitResult> CommitAsync(Account account, IReadOnlyCollection<Post> posts, FollowerSnapshot? followers, CollectorAccountState state, CancellationToken ct);

    /// <summary>Writes the state alone (a failed run: nothing else changes).</summary>
    Task SaveStateAsync(CollectorAccountState state, CancellationToken ct);
}
