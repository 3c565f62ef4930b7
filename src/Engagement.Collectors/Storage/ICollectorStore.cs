using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;

namespace Engagement.Collectors.Storage;

/// <summary>A network's tracked accounts and the latest successful collection run among them.</summary>
public sealed record NetworkActivity(string Network, int Accounts, DateTimeOffset? LastSuccessAt);

/// <summary>What a <see cref="ICollectorStore.CommitAsync"/> wrote: posts new to the store, stored posts that changed.</summary>
public sealed record CommitResult(int Inserted, int Updated);

/// <summary>
/// A commit refused because the run's lease was lost (it expired and another instance may have
/// taken the account over): nothing of the run was written.
/// </summary>
public sealed class LeaseLostException(string network, string handle)
    : Exception($"lease lost: {network} {handle} is no longer held by this instance (it expired; another instance may collect it); nothing was written");

/// <summary>
/// The storage the collectors need: tracked accounts in, posts, followers and state out, and the
/// account leases that share the collection among instances (docs/scale.md, "Sharing the collection: leases").
/// </summary>
public interface ICollectorStore
{
    /// <summary>Tracked accounts, of one network and/or brand when given, ordered by network then handle.</summary>
    Task<IReadOnlyList<Account>> ListAccountsAsync(string? network, string? brand, CancellationToken ct);

    Task<CollectorAccountState?> GetStateAsync(string network, string handle, CancellationToken ct);

    Task<IReadOnlyList<CollectorAccountState>> ListStatesAsync(CancellationToken ct);

    /// <summary>
    /// Up to <paramref name="limit"/> tracked accounts (of one network when given) after
    /// <paramref name="after"/> in (network, handle) order, each with its state (null: never run).
    /// A page of the collectors' status, read without listing every account.
    /// </summary>
    async Task<IReadOnlyList<(Account Account, CollectorAccountState? State)>> ListStatusPageAsync(
        string? network, (string Network, string Handle)? after, int limit, CancellationToken ct)
    {
        var accounts = (await ListAccountsAsync(network, brand: null, ct))
            .Where(a => after is not { } key || string.CompareOrdinal(a.Network, key.Network) > 0
                || (a.Network == key.Network && string.CompareOrdinal(a.Handle, key.Handle) > 0))
            .Take(limit)
            .ToList();
        var page = new List<(Account, CollectorAccountState?)>(accounts.Count);
        foreach (var account in accounts)
        {
            page.Add((account, await GetStateAsync(account.Network, account.Handle, ct)));
        }

        return page;
    }

    /// <summary>Per network with tracked accounts: how many, and the latest successful run of any of them.</summary>
    async Task<IReadOnlyList<NetworkActivity>> SummarizeAsync(CancellationToken ct)
    {
        var states = (await ListStatesAsync(ct)).ToDictionary(s => (s.Network, s.Handle));
        return (await ListAccountsAsync(null, null, ct))
            .GroupBy(a => a.Network, StringComparer.Ordinal)
            .Select(g => new NetworkActivity(g.Key, g.Count(), g.Max(a => states.GetValueOrDefault((a.Network, a.Handle))?.LastSuccessAt)))
            .ToList();
    }

    /// <summary>
    /// The stored posts of <paramref name="author"/> created at or after <paramref name="sinceMicros"/>,
    /// with their reply counts: a reply count that did not change means the replies need no new fetch.
    /// </summary>
    Task<IReadOnlyDictionary<string, long>> GetReplyCountsAsync(string network, string author, long sinceMicros, CancellationToken ct);

    /// <summary>
    /// The authors of the stored posts among <paramref name="postIds"/> (ids not stored are left
    /// out): the parent of a reply that a run did not read again.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> GetAuthorsAsync(string network, IReadOnlyCollection<string> postIds, CancellationToken ct);

    /// <summary>
    /// In ONE transaction: upserts the posts by (network, post_id) (counts updated in place),
    /// replaces the follower snapshot of its (network, handle, date), and writes
    /// <paramref name="state"/> with <see cref="CollectorAccountState.PostsStored"/> increased by the
    /// posts inserted. A crash at any point leaves either all of it or none.
    /// </summary>
    /// <remarks>
    /// With a <paramref name="leaseOwner"/>, the transaction first confirms that owner still holds
    /// an unexpired lease on the account (fencing) and throws <see cref="LeaseLostException"/>,
    /// writing nothing, when it does not. Null: no lease check (a single process, tests).
    /// </remarks>
    Task<CommitResult> CommitAsync(
        Account account, IReadOnlyCollection<Post> posts, FollowerSnapshot? followers, CollectorAccountState state, string? leaseOwner, CancellationToken ct);

    /// <summary>Writes the state alone (a failed run: nothing else changes).</summary>
    Task SaveStateAsync(CollectorAccountState state, CancellationToken ct);

    /// <summary>
    /// Claims up to <see cref="LeaseRequest.Max"/> accounts of the network that no owner holds
    /// (never leased, released, or expired), filtered by brand, due time and last run; the
    /// longest-waiting first. Returns the accounts claimed, ordered by handle.
    /// </summary>
    Task<IReadOnlyList<Account>> ClaimAsync(LeaseRequest request, CancellationToken ct);

    /// <summary>The heartbeat: extends the leases <paramref name="owner"/> still holds among <paramref name="accounts"/>; returns those (a missing one was lost).</summary>
    Task<IReadOnlyList<(string Network, string Handle)>> RenewAsync(
        string owner, IReadOnlyCollection<(string Network, string Handle)> accounts, TimeSpan duration, CancellationToken ct);

    /// <summary>Gives an account back; false when <paramref name="owner"/> no longer held it.</summary>
    Task<bool> ReleaseAsync(string owner, string network, string handle, CancellationToken ct);

    /// <summary>Gives back every lease of <paramref name="owner"/> (a clean shutdown); returns how many.</summary>
    Task<int> ReleaseAllAsync(string owner, CancellationToken ct);
}
