using System.Data.Common;
using System.Text;
using Dapper;
using Engagement.Data.Store.Import;
using Engagement.Domain.Model;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using Mark = (string Network, string Handle, long Generation, bool Tracked, int? First, int? Last);

namespace Engagement.Data.Store.Aggregates;

/// <summary>
/// The recompute of (nearly) every tracked account on SQLite - a first load, a migration - by one
/// sequential read of <c>posts</c>, <c>post_mentions</c> and <c>followers</c> (see
/// <see cref="PostScan"/>) instead of an index walk and a key lookup per post: at 30,000 brands
/// 9.4 M random descents of the posts' B-tree and a string per row were most of the recompute
/// (issue 16). The totals are <see cref="AccountAggregator"/>'s and the rows
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

    private const string FollowersSql = """SELECT "network", "handle", "date", "followers" FROM "followers" ORDER BY "network", "handle", "date" """;

    /// <summary>
    /// Told, inside the pass's transaction, that a network's accounts are written: where the tests
    /// cancel a scan part way, deterministically.
    /// </summary>
    internal Action<string>? NetworkWritten { get; init; }

    /// <summary>The statements that read the tables in key order, for the test that pins their plans.</summary>
    internal static IEnumerable<string> ScanStatements => [PostScan.PostsSql, PostScan.MentionsSql, FollowersSql];

    /// <summary>
    /// Recomputes every marked account by scans when enough of them are marked; returns how many
    /// marks were cleared (0: not worth it here, the per-account path does them).
    /// </summary>
    public async Task<int> RefreshAsync(CancellationToken ct)
    {
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
        var marks = (await connection.QueryAsync<Mark>(
            new CommandDefinition(MarksSql, transaction: transaction, cancellationToken: ct)))
            .Where(mark => InPass(mark.Network, mark.Handle, pass, passes))
            .ToList();
        var tracked = marks.Where(mark => mark.Tracked).ToList();
        var accounts = new PassAccounts([.. tracked.Select(mark => new AccountKey(mark.Network, mark.Handle))]);
        var path = ((SqliteConnection)connection).DataSource;

        // The marks come in key order, so each network's accounts are a contiguous range. One
        // network is scanned while the one before is totalled and written: only two networks'
        // posts are held at once, and the scan, the totals and the writes share the cores.
        var networks = tracked.Select((mark, i) => (mark.Network, First: i)).GroupBy(mark => mark.Network, StringComparer.Ordinal)
            .Select(group => (Network: group.Key, First: group.First().First, Count: group.Count())).ToList();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var followers = Task.Run(() => Read(path, db => ReadFollowers(db, accounts, stop.Token)), stop.Token);
        var scanning = networks.Count > 0 ? Scan(path, accounts, networks[0], stop.Token) : null;
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
                scanning = n + 1 < networks.Count ? Scan(path, accounts, networks[n + 1], stop.Token) : null;
                await WriteAsync(writer, tracked, accounts, scanned, ct);
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
        AggregateWriter writer, List<Mark> tracked,
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
                    var mark = tracked[scanned.First + bucket + (i * buckets)];
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

    // The store read on connections of their own, outside the write transaction: the caller holds
    // SQLite's only write lock and has written nothing yet, so they see what the transaction sees.
    // The connections are read-only and without SQLite's per-connection mutex (each is used by
    // one thread only): the scan calls SQLite a few times per row.
    private Task<ScannedPosts> Scan(string path, PassAccounts accounts, (string Network, int First, int Count) network, CancellationToken ct) =>
        Task.Run(
            () =>
            {
                var scanned = new ScannedPosts(network.First, network.Count, Math.Max(1, (network.Count + accountsPerBucket - 1) / accountsPerBucket));
                try
                {
                    Read(path, db => PostScan.Run(db, network.Network, accounts, scanned, ct));
                    return scanned;
                }
                catch
                {
                    scanned.Dispose();
                    throw;
                }
            },
            ct);

    private void Read(string path, Action<sqlite3> read)
    {
        var rc = raw.sqlite3_open_v2(path, out var db, raw.SQLITE_OPEN_READONLY | raw.SQLITE_OPEN_NOMUTEX, null);
        using (db)
        {
            SqliteException.ThrowExceptionForRC(rc, db);

            // As every connection of the store: a reader that meets a lock (WAL recovery, the
            // shared-memory index being rebuilt) waits for it instead of failing the whole pass.
            if (factory.Dialect is SqliteDialect dialect)
            {
                raw.sqlite3_busy_timeout(db, (int)dialect.BusyTimeout.TotalMilliseconds);
            }

            read(db);
        }
    }

    // The aggregates of a bucket's accounts (First + bucket + i * buckets for i = 0, 1, ...); the bucket's posts are freed.
    private static AccountAggregate[] Build(PassAccounts accounts, ScannedPosts scanned, int bucket)
    {
        var buckets = scanned.Buckets.Length;
        var totals = new AccountAggregator[(scanned.Accounts - bucket + buckets - 1) / buckets];
        for (var i = 0; i < totals.Length; i++)
        {
            totals[i] = new AccountAggregator();
        }

        scanned.Buckets[bucket].FeedTo(totals, scanned.First, buckets);
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

    private static void ReadFollowers(sqlite3 connection, PassAccounts accounts, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        using var rows = new SqliteRawStatement(connection, FollowersSql);
        var network = new PassAccounts.Cursor(accounts);
        Span<char> date = stackalloc char[32];
        while (rows.Read())
        {
            network.MoveTo(rows.Utf8(0));
            var index = network.Find(rows.Utf8(1));
            if (index >= 0)
            {
                var text = rows.Utf8(2);
                var chars = text.Length <= date.Length ? date[..Encoding.UTF8.GetChars(text, date)] : Encoding.UTF8.GetString(text).AsSpan();
                (accounts.Followers[index] ??= []).Add(
                    (StoreRows.ParseDate(chars), rows.Int64(3)));
            }
        }
    }
}
