using System.Data.Common;
using Dapper;
using Engagement.Data.Store.Import;
using Engagement.Domain.Model;
using Microsoft.Data.Sqlite;
using Mark = (string Network, string Handle, long Generation, bool Tracked, int? First, int? Last);

namespace Engagement.Data.Store.Aggregates;

/// <summary>
/// The recompute of (nearly) every tracked account - a first load, a migration - by one
/// sequential read of <c>posts</c>, <c>post_mentions</c> and <c>followers</c> per network (see
/// <see cref="IScanReader"/>: SQLite's and PostgreSQL's) instead of an index walk and a key lookup per post: at 30,000 brands
/// 9.4 M random descents of the posts' B-tree and a string per row were most of the recompute
/// on SQLite, and on PostgreSQL 90,000 accounts' joins in 45 batches (issue 16). The totals are <see cref="AccountAggregator"/>'s and the rows
/// <see cref="AggregateWriter"/>'s, as on the per-account path, so both store the same bytes.
/// Above <c>postsPerPass</c> posts the accounts are split by hash into passes (each reads all the
/// posts but holds only its accounts'), one write transaction per pass: a cancelled or killed
/// pass clears no mark and stores nothing, the passes before it stay done.
/// </summary>
internal sealed class AggregateScan(
    IDbConnectionFactory factory,
    double share = AggregateScan.Share,
    long postsPerPass = AggregateScan.PostsPerPass,
    int minimumMarks = AggregateScan.MinimumMarks,
    int accountsPerBucket = AggregateScan.AccountsPerBucket)
{
    /// <summary>
    /// The scan pays when at least this share of the tracked accounts is marked: reading every
    /// post costs about 9.5 s of CPU at 30,000 brands whatever is marked, and totalling and writing
    /// all the accounts about 4 s more, where the per-account path costs 25-33 s for all of them,
    /// in proportion (9.5 + 4f = 28f: f = 0.4; bench/RESULTS.md, issue 16, fifth pass).
    /// </summary>
    public const double Share = 0.4;

    /// <summary>
    /// Posts per pass: bounds the memory (about 55 bytes a post held, two networks' at most: 9.4 M
    /// posts in one pass peak at 0.8-0.9 GB). A second pass would cost another full read.
    /// </summary>
    public const long PostsPerPass = 16_000_000;

    /// <summary>Accounts whose aggregators live at once (see <see cref="ScannedPosts"/>).</summary>
    public const int AccountsPerBucket = 4_000;

    /// <summary>Fewer marks than this are left to the per-account path, whatever the share.</summary>
    public const int MinimumMarks = 500;

    // A mark with the account's tracking and previous month range: one query, in key order.
    private const string MarksSql = """
        SELECT d."network", d."handle", d."generation", a."handle" IS NOT NULL, s."first_month", s."last_month"
        FROM "aggregate_dirty" d
        LEFT JOIN "accounts" a ON a."network" = d."network" AND a."handle" = d."handle"
        LEFT JOIN "account_aggregates" s ON s."network" = d."network" AND s."handle" = d."handle"
        ORDER BY d."network", d."handle"
        """;

    internal const string FollowersSql = """SELECT "network", "handle", "date", "followers" FROM "followers" ORDER BY "network", "handle", "date" """;

    /// <summary>
    /// Told, inside the pass's transaction, that a network's accounts are written: where the tests
    /// cancel a scan part way, deterministically.
    /// </summary>
    internal Action<string>? NetworkWritten { get; init; }

    /// <summary>The statements that read the tables in key order, for the test that pins their plans.</summary>
    internal static IEnumerable<string> ScanStatements => [PostScan.PostsSql, PostScan.MentionsSql, FollowersSql];

    /// <summary>
    /// The records a first load routed as it parsed the rows (<see cref="FirstLoadPosts"/>): when
    /// they are still the store's posts, the refresh totals them instead of reading the posts, whatever
    /// the share of marks (their read is already paid); otherwise they are freed and it scans as always.
    /// </summary>
    internal FirstLoadPosts? Loaded { get; init; }

    /// <summary>
    /// Recomputes every marked account by scans when enough of them are marked; returns how many
    /// marks were cleared (0: not worth it here, the per-account path does them).
    /// </summary>
    public async Task<int> RefreshAsync(CancellationToken ct)
    {
        if (Loaded is { Valid: true } loaded && loaded.Posts <= postsPerPass
            && await factory.WriteAsync((connection, transaction, token) => RunLoadedAsync(connection, transaction, loaded, token), ct) is { } done)
        {
            loaded.Used = true;
            return done;
        }

        Loaded?.Dispose();
        var (marks, accounts) = await factory.ReadAsync(
            async (connection, token) => await connection.QuerySingleAsync<(long, long)>(new CommandDefinition(
                """SELECT (SELECT count(*) FROM "aggregate_dirty"), (SELECT count(*) FROM "accounts")""", cancellationToken: token)),
            ct);
        if (marks == 0 || marks < minimumMarks || marks < share * accounts)
        {
            return 0;
        }

        // Only now: counting the posts reads a whole index, and most refreshes (a collector's
        // few accounts) go the per-account way.
        var posts = await factory.ReadAsync(
            async (connection, token) => await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """SELECT count(*) FROM "posts" """, cancellationToken: token)),
            ct);
        var passes = (int)Math.Max(1, (posts + postsPerPass - 1) / postsPerPass);
        var cleared = 0;
        for (var pass = 0; pass < passes; pass++)
        {
            var current = pass;
            cleared += await factory.WriteAsync((connection, transaction, token) => RunPassAsync(connection, transaction, current, passes, token), ct);
        }

        return cleared;
    }

    private async Task<int> RunPassAsync(DbConnection connection, DbTransaction transaction, int pass, int passes, CancellationToken ct)
    {
        var marks = (await ReadMarksAsync(connection, transaction, ct)).Where(mark => InPass(mark.Network, mark.Handle, pass, passes)).ToList();
        var tracked = marks.Where(mark => mark.Tracked).ToList();
        var keys = tracked.Select(mark => new AccountKey(mark.Network, mark.Handle)).ToList();
        var accounts = new PassAccounts(keys);
        var reader = Reader(connection);
        return await RunAsync(
            connection, transaction, marks, [.. tracked.Select(mark => (Mark?)mark)], keys, accounts, reader,
            (network, token) => Scan(reader, accounts, network, token), ct);
    }

    // The first load's records, when they are the store's posts: nothing written since the import
    // (its data version), every tracked mark an account they were routed against, not taken
    // by an attempt before this one. Null when they are not (the caller scans).
    private async Task<int?> RunLoadedAsync(DbConnection connection, DbTransaction transaction, FirstLoadPosts loaded, CancellationToken ct)
    {
        if (!loaded.Claim() || loaded.DataVersion != await Repositories.DataVersionRepository.GetAsync(connection, transaction, ct))
        {
            return null;
        }

        var marks = await ReadMarksAsync(connection, transaction, ct);
        var byIndex = new Mark?[loaded.Keys.Count];
        foreach (var mark in marks.Where(mark => mark.Tracked))
        {
            if (loaded.Accounts.Find(mark.Network, mark.Handle) is not (>= 0 and var index))
            {
                return null;
            }

            byIndex[index] = mark;
        }

        // An account routed but not marked has no post (a post naming it marks it) and keeps its rows.
        return await RunAsync(
            connection, transaction, marks, byIndex, loaded.Keys, loaded.Accounts, Reader(connection),
            (network, _) => Task.FromResult(loaded.Take(network.Network) ?? throw new InvalidOperationException($"no records of {network.Network}")),
            ct);
    }

    private static async Task<List<Mark>> ReadMarksAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        (await connection.QueryAsync<Mark>(new CommandDefinition(MarksSql, transaction: transaction, cancellationToken: ct))).AsList();

    private IScanReader Reader(DbConnection connection) => connection is SqliteConnection sqlite
        ? new SqliteScanReader(sqlite.DataSource, (factory.Dialect as SqliteDialect)?.BusyTimeout)
        : new PostgresScanReader(factory);

    // Totals and writes the accounts numbered by keys (in key order: each network's a contiguous
    // range), each network's posts from scan; byIndex[i] is account i's mark (null: none, not written).
    private async Task<int> RunAsync(
        DbConnection connection, DbTransaction transaction, List<Mark> marks, Mark?[] byIndex, IReadOnlyList<AccountKey> keys,
        PassAccounts accounts, IScanReader reader,
        Func<(string Network, int First, int Count), CancellationToken, Task<ScannedPosts>> scan, CancellationToken ct)
    {
        // One network is scanned while the one before is totalled and written: only two networks'
        // posts are held at once, and the scan, the totals and the writes share the cores.
        var networks = PassAccounts.Networks(keys);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var followers = Task.Run(() => reader.ReadFollowersAsync(accounts, stop.Token), stop.Token);
        var scanning = networks.Count > 0 ? scan(networks[0], stop.Token) : null;
        try
        {
            await using var writer = new AggregateWriter(connection, transaction);
            foreach (var mark in marks.Where(mark => !mark.Tracked))
            {
                await writer.ClearAsync(new AccountKey(mark.Network, mark.Handle), mark.Generation, tracked: false, ct);
            }

            await followers;
            for (var n = 0; n < networks.Count; n++)
            {
                var scanned = await scanning!;
                scanning = n + 1 < networks.Count ? scan(networks[n + 1], stop.Token) : null;
                await WriteAsync(writer, byIndex, accounts, scanned, ct);
                NetworkWritten?.Invoke(networks[n].Network);
            }

            await writer.FlushAsync(ct);
            return marks.Count;
        }
        finally
        {
            // Nothing may still run when the transaction ends, nor hold memory.
            await stop.CancelAsync();
            await followers.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (scanning is not null)
            {
                await ((Task)scanning).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (scanning.IsCompletedSuccessfully)
                {
                    scanning.Result.Dispose();
                }
            }
        }
    }

    // One network's accounts, a bucket at a time: a bucket's aggregates are built on another core
    // while the one before is written.
    private static async Task WriteAsync(
        AggregateWriter writer, Mark?[] byIndex,
        PassAccounts accounts, ScannedPosts scanned, CancellationToken ct)
    {
        var buckets = scanned.Buckets.Length;
        var next = Task.Run(() => Build(accounts, scanned, 0), ct);
        try
        {
            for (var bucket = 0; bucket < buckets; bucket++)
            {
                var built = await next;
                var following = bucket + 1;
                next = following < buckets ? Task.Run(() => Build(accounts, scanned, following), ct) : Task.FromResult<AccountAggregate[]>([]);
                for (var i = 0; i < built.Length; i++)
                {
                    if (byIndex[scanned.First + bucket + (i * buckets)] is not { } mark)
                    {
                        continue;
                    }

                    var key = new AccountKey(mark.Network, mark.Handle);
                    await writer.WriteAsync(key, built[i], (mark.First, mark.Last), ct);
                    await writer.ClearAsync(key, mark.Generation, tracked: true, ct);
                }
            }
        }
        finally
        {
            await ((Task)next).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            scanned.Dispose();
        }
    }

    // The store read on connections of their own, outside the write transaction (see the readers).
    private Task<ScannedPosts> Scan(IScanReader reader, PassAccounts accounts, (string Network, int First, int Count) network, CancellationToken ct) =>
        Task.Run(
            async () =>
            {
                var scanned = ScannedPosts.ForNetwork(network.First, network.Count, accountsPerBucket);
                try
                {
                    await reader.ScanAsync(network.Network, accounts, scanned, ct);
                    return scanned;
                }
                catch
                {
                    scanned.Dispose();
                    throw;
                }
            },
            ct);

    // The aggregates of a bucket's accounts (First + bucket + i * buckets for i = 0, 1, ...); the bucket's posts are freed.
    private static AccountAggregate[] Build(PassAccounts accounts, ScannedPosts scanned, int bucket)
    {
        var buckets = scanned.Buckets.Length;
        var totals = new AccountAggregator[(scanned.Accounts - bucket + buckets - 1) / buckets];
        for (var i = 0; i < totals.Length; i++)
        {
            totals[i] = new AccountAggregator();
        }

        scanned.Buckets[bucket].FeedTo(totals, scanned.First, buckets, scanned.InKeyOrder);
        var built = new AccountAggregate[totals.Length];
        for (var i = 0; i < totals.Length; i++)
        {
            built[i] = accounts.Build(scanned.First + bucket + (i * buckets), totals[i]);
            totals[i] = null!;
        }

        return built;
    }

    // Stable within the process, which is all the passes of one refresh need.
    private static bool InPass(string network, string handle, int pass, int passes) =>
        passes == 1 || (uint)HashCode.Combine(network, handle) % (uint)passes == pass;
}
