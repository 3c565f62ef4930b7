using Engagement.Domain.Model;

namespace Engagement.Collectors.Storage;

/// <summary>
/// A process-local <see cref="ICollectorStore"/>: for tests, and for a host running without a
/// database. One lock makes every commit atomic.
/// </summary>
public sealed class InMemoryCollectorStore : ICollectorStore
{
    private readonly Lock _lock = new();
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

    public Task<CommitResult> CommitAsync(Account account, IReadOnlyCollection<Post> posts, FollowerSnapshot? followers, CollectorAccountState state, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        lock (_lock)
        {
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
}
