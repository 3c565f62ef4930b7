using System.Data.Common;
using Dapper;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Aggregates;

/// <summary>
/// What a first load of posts (SQLite's <c>PostBulkLoad</c>, the posts table empty) routes to the
/// tracked accounts as the rows are parsed, so that the refresh after the import totals them
/// without reading every post back (issue 16: ~9.5 s of CPU at 30,000 brands, where the parsing
/// thread has most of a core idle during the load). The routing is <see cref="PostScan.Route"/>'s and
/// the records <see cref="ScannedPosts"/>' (one per network, numbered as the accounts' keys in
/// store order), so <see cref="AggregateScan"/> totals and writes them exactly as it does a scan's.
/// The rows come in file order, not in key order: the records say so, and the user posts that
/// can meet an answer are sorted by post id when they are fed.
/// The records are only the store's posts when the file was the only change to them; whoever
/// knows otherwise calls <see cref="Invalidate"/>, and <see cref="AggregateScan"/> checks the rest.
/// </summary>
internal sealed class FirstLoadPosts : IDisposable
{
    private const string AccountsSql = """SELECT "network", "handle" FROM "accounts" ORDER BY "network", "handle" """;

    private readonly Dictionary<string, Network> _networks = new(StringComparer.Ordinal);
    private readonly long _maxPosts;
    private Network? _last;
    private byte[] _buffer = new byte[256];
    private int _claimed;

    private FirstLoadPosts(IReadOnlyList<AccountKey> keys, int accountsPerBucket, long maxPosts)
    {
        Keys = keys;
        Accounts = new PassAccounts(keys);
        _maxPosts = maxPosts;
        foreach (var (network, first, count) in PassAccounts.Networks(keys))
        {
            _networks[network] = new Network(network, Accounts.In(network)!, ScannedPosts.ForNetwork(first, count, accountsPerBucket, inKeyOrder: false));
        }
    }

    /// <summary>The tracked accounts when the load started, in the store's key order; a record's account is an index into them.</summary>
    public IReadOnlyList<AccountKey> Keys { get; }

    public PassAccounts Accounts { get; }

    /// <summary>The rows routed.</summary>
    public long Posts { get; private set; }

    /// <summary>False once the records may not be the store's posts (they are freed then).</summary>
    public bool Valid { get; private set; } = true;

    /// <summary>True once a refresh has stored the aggregates from these records (none read back from the store).</summary>
    public bool Used { get; set; }

    /// <summary>The store's data version when the import that made the records was about to commit.</summary>
    public long? DataVersion { get; set; }

    /// <summary>
    /// Starts the routing against the accounts tracked now, inside the load's transaction.
    /// Past <paramref name="maxPosts"/> rows it gives up (the memory: about 55 bytes a post).
    /// </summary>
    public static async Task<FirstLoadPosts> StartAsync(
        DbConnection connection, DbTransaction transaction, CancellationToken ct,
        long maxPosts = AggregateScan.PostsPerPass, int accountsPerBucket = AggregateScan.AccountsPerBucket)
    {
        var keys = (await connection.QueryAsync<(string Network, string Handle)>(
            new CommandDefinition(AccountsSql, transaction: transaction, cancellationToken: ct)))
            .Select(key => new AccountKey(key.Network, key.Handle)).ToList();
        return new FirstLoadPosts(keys, accountsPerBucket, maxPosts);
    }

    /// <summary>Routes one valid row of the file (on the parsing thread, in file order).</summary>
    public void Add(Post post)
    {
        if (!Valid)
        {
            return;
        }

        if (++Posts > _maxPosts)
        {
            Invalidate();
            return;
        }

        if (_last?.Name != post.Network && !_networks.TryGetValue(post.Network, out _last))
        {
            // No tracked account on this network: nothing of it is routed.
            return;
        }

        try
        {
            Route(_last!, post);
        }
        catch (OverflowException)
        {
            // Totals the aggregator refuses: the scan meets them too and fails the refresh as it always did.
            Invalidate();
        }
    }

    /// <summary>The network's records, handed over once (the caller disposes them); null when taken or none.</summary>
    public ScannedPosts? Take(string network)
    {
        if (!_networks.TryGetValue(network, out var records) || records.Posts is not { } posts)
        {
            return null;
        }

        records.Posts = null;
        return posts;
    }

    /// <summary>True the first time only: a retried refresh must not use records a failed attempt took.</summary>
    public bool Claim() => Interlocked.Exchange(ref _claimed, 1) == 0;

    /// <summary>The records are not (or no longer) the store's posts: freed, never used.</summary>
    public void Invalidate()
    {
        Valid = false;
        Dispose();
    }

    public void Dispose()
    {
        foreach (var network in _networks.Values)
        {
            network.Posts?.Dispose();
            network.Posts = null;
        }
    }

    // As PostScan.Run routes a stored row; the mentions are the row's distinct normalised handles,
    // the set post_mentions stores (the parser keeps each once).
    private void Route(Network network, Post post)
    {
        var replying = post.InReplyToAuthor is not null;
        var route = new PostScan.Route(PostScan.Find(network.Handles, post.Author), replying ? PostScan.Find(network.Handles, post.InReplyToAuthor) : -1, replying);
        var into = network.Posts!;
        if (route.IsAnswer)
        {
            var hasParent = post.InReplyToPost is not null;
            into.Of(route.Author).AddAnswer(route.Author, post.CreatedAt, hasParent ? PostScan.Utf8(post.InReplyToPost!, ref _buffer) : default, hasParent);
        }
        else if (route.IsBrandPost)
        {
            var interactions = AccountAggregator.Interactions(post.Likes, post.Shares, post.Quotes, post.Replies);
            into.Of(route.Author).AddBrandPost(route.Author, post.CreatedAt, interactions, post.Views);
        }

        if (route.IsReply)
        {
            into.Of(route.ReplyTo).AddReply(route.ReplyTo, post.CreatedAt, PostScan.Utf8(post.PostId, ref _buffer));
        }

        foreach (var handle in post.Mentions)
        {
            var mentioned = PostScan.Find(network.Handles, handle);
            if (route.Mentions(mentioned))
            {
                into.Of(mentioned).AddMention(mentioned, post.CreatedAt, PostScan.Utf8(post.PostId, ref _buffer));
            }
        }
    }

    private sealed class Network(string name, Dictionary<string, int> handles, ScannedPosts posts)
    {
        public string Name { get; } = name;

        public Dictionary<string, int> Handles { get; } = handles;

        public ScannedPosts? Posts { get; set; } = posts;
    }
}
