using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;

namespace Engagement.Collectors.Storage;

/// <summary>
/// A process-local <see cref="ICollectorStore"/>: for tests, and for a host running without a
/// database. One lock makes every commit atomic. Leases work as in the database
/// (<see cref="AccountLeaseRepository"/>), on <paramref name="time"/> (default: the system clock).
/// </summary>
public sealed class InMemoryCollectorStore(TimeProvider? time = null) : ICollectorStore
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Network, string Handle), (string Owner, DateTimeOffset ExpiresAt)> _leases = [];
    private readonly List<Account> _accounts = [];
    private readonly Dictionary<(string Network, string PostId), Post> _posts = [];
    private readonly Dictionary<(string Network, string Handle, DateOnly Date), FollowerSnapshot> _followers = [];
    private readonly Dictionary<(string Network, string Handle), CollectorAccountState> _states = [];

    public void AddAccount(Account account)
    {
        lock (_lock)
        {
            _accounts.Add(account with { Handle = Handle.Normalize(account.Handle) });
        }
    }

    public IReadOnlyList<Post> Posts
    {
        get
        {
            lock (_lock)
            {
                return [.. _posts.Values];
            }
        }
    }

    public IReadOnlyList<FollowerSnapshot> Followers
    {
        get
        {
            lock (_lock)
            {
                return [.. _followers.Values];
            }
        }
    }

    public Task<IReadOnlyList<Account>> ListAccountsAsync(string? network, string? brand, CancellationToken ct)
    {
        lock (_lock)
        {
            IReadOnlyList<Account> accounts = _accounts
                .Where(a => (network is null || a.Network == network) && (brand is null || a.Brand == brand))
                .OrderBy(a => a.Network, StringComparer.Ordinal)
                .ThenBy(a => a.Handle, StringComparer.Ordinal)
                .ToList();
            return Task.FromResult(accounts);
        }
    }

    public Task<CollectorAccountState?> GetStateAsync(string network, string handle, CancellationToken ct)
    {
        lock (_lock)
        {
            return Task.FromResult(_states.GetValueOrDefault((network, handle)));
        }
    }

    public Task<IReadOnlyList<CollectorAccountState>> ListStatesAsync(CancellationToken ct)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<CollectorAccountState>>([.. _states.Values]);
        }
    }

    public Task<IReadOnlyDictionary<string, long>> GetReplyCountsAsync(string network, string author, long sinceMicros, CancellationToken ct)
    {
        lock (_lock)
        {
            IReadOnlyDictionary<string, long> counts = _posts.Values
                .Where(p => p.Network == network && p.Author == author && p.CreatedAt >= sinceMicros)
                .ToDictionary(p => p.PostId, p => p.Replies, StringComparer.Ordinal);
            return Task.FromResult(counts);
        }
    }

    public Task<IReadOnlyDictionary<string, string>> GetAuthorsAsync(string network, IReadOnlyCollection<string> postIds, CancellationToken ct)
    {
        lock (_lock)
        {
            IReadOnlyDictionary<string, string> authors = postIds
                .Distinct(StringComparer.Ordinal)
                .Where(id => _posts.ContainsKey((network, id)))
                .ToDictionary(id => id, id => _posts[(network, id)].Author, StringComparer.Ordinal);
            return Task.FromResult(authors);
        }
    }

    /// <summary>A commit without a lease check.</summary>
    public Task<CommitResult> CommitAsync(Account account, IReadOnlyCollection<Post> posts, FollowerSnapshot? followers, CollectorAccountState state, CancellationToken ct) =>
        CommitAsync(account, posts, followers, state, leaseOwner: null, ct);

    public Task<CommitResult> CommitAsync(
        Account account, IReadOnlyCollection<Post> posts, FollowerSnapshot? followers, CollectorAccountState state, string? leaseOwner, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(account);
        ct.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (leaseOwner is not null && !Holds(leaseOwner, account.Network, Handle.Normalize(account.Handle), _time.GetUtcNow()))
            {
                throw new LeaseLostException(account.Network, account.Handle);
            }

            int inserted = 0, updated = 0;
            foreach (var post in posts)
            {
                if (!_posts.TryGetValue((post.Network, post.PostId), out var stored))
                {
                    inserted++;
                }
                else if (!Same(stored, post))
                {
                    updated++;
                }

                _posts[(post.Network, post.PostId)] = post;
            }

            if (followers is not null)
            {
                _followers[(followers.Network, followers.Handle, followers.Date)] = followers;
            }

            _states[(state.Network, state.Handle)] = state with { PostsStored = state.PostsStored + inserted };
            return Task.FromResult(new CommitResult(inserted, updated));
        }
    }

    // Post is a record, but its mentions list would compare by reference.
    private static bool Same(Post a, Post b) =>
        (a.Author, a.CreatedAt, a.InReplyToPost, a.InReplyToAuthor, a.Likes, a.Shares, a.Quotes, a.Replies, a.Views)
            == (b.Author, b.CreatedAt, b.InReplyToPost, b.InReplyToAuthor, b.Likes, b.Shares, b.Quotes, b.Replies, b.Views)
        && a.Mentions.SequenceEqual(b.Mentions);

    public Task SaveStateAsync(CollectorAccountState state, CancellationToken ct)
    {
        lock (_lock)
        {
            _states[(state.Network, state.Handle)] = state;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Account>> ClaimAsync(LeaseRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.Owner);
        ct.ThrowIfCancellationRequested();
        if (request.Max < 1 || request.Duration <= TimeSpan.Zero)
        {
            return Task.FromResult<IReadOnlyList<Account>>([]);
        }

        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var claimed = _accounts
                .Where(a => a.Network == request.Network && (request.Brand is null || a.Brand == request.Brand))
                .Where(a => !_leases.TryGetValue((a.Network, a.Handle), out var lease) || lease.ExpiresAt <= now)
                .Select(a => (Account: a, State: _states.GetValueOrDefault((a.Network, a.Handle))))
                .Where(x => request.DueBy is not { } dueBy || x.State?.NextRunAt is not { } next || next <= dueBy)
                .Where(x => request.NotRunSince is not { } since || x.State?.LastRunAt is not { } last || last < since)
                .OrderBy(x => x.State?.NextRunAt is null ? 0 : 1)
                .ThenBy(x => x.State?.NextRunAt)
                .ThenBy(x => x.Account.Handle, StringComparer.Ordinal)
                .Take(request.Max)
                .Select(x => x.Account)
                .OrderBy(a => a.Handle, StringComparer.Ordinal)
                .ToList();
            foreach (var account in claimed)
            {
                _leases[(account.Network, account.Handle)] = (request.Owner, now + request.Duration);
            }

            return Task.FromResult<IReadOnlyList<Account>>(claimed);
        }
    }

    public Task<IReadOnlyList<(string Network, string Handle)>> RenewAsync(
        string owner, IReadOnlyCollection<(string Network, string Handle)> accounts, TimeSpan duration, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var held = new List<(string, string)>();
            foreach (var (network, handle) in accounts)
            {
                var normalized = Handle.Normalize(handle);
                if (Holds(owner, network, normalized, now))
                {
                    _leases[(network, normalized)] = (owner, now + duration);
                    held.Add((network, normalized));
                }
            }

            return Task.FromResult<IReadOnlyList<(string, string)>>(held);
        }
    }

    public Task<bool> ReleaseAsync(string owner, string network, string handle, CancellationToken ct)
    {
        lock (_lock)
        {
            var key = (network, Handle.Normalize(handle));
            var released = _leases.TryGetValue(key, out var lease) && lease.Owner == owner && _leases.Remove(key);
            return Task.FromResult(released);
        }
    }

    public Task<int> ReleaseAllAsync(string owner, CancellationToken ct)
    {
        lock (_lock)
        {
            var mine = _leases.Where(l => l.Value.Owner == owner).Select(l => l.Key).ToList();
            foreach (var key in mine)
            {
                _leases.Remove(key);
            }

            return Task.FromResult(mine.Count);
        }
    }

    /// <summary>Takes a lease for <paramref name="owner"/> as another instance would (tests).</summary>
    public void Lease(string owner, string network, string handle, DateTimeOffset expiresAt)
    {
        lock (_lock)
        {
            _leases[(network, Handle.Normalize(handle))] = (owner, expiresAt);
        }
    }

    // Under the lock.
    private bool Holds(string owner, string network, string handle, DateTimeOffset now) =>
        _leases.TryGetValue((network, handle), out var lease) && lease.Owner == owner && lease.ExpiresAt > now;
}
