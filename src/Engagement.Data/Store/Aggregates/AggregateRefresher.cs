using System.Data.Common;
using Dapper;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Aggregates;

/// <summary>
/// Recomputes the aggregates of the accounts marked in <c>aggregate_dirty</c>, a batch of
/// accounts per write transaction (bounded memory and lock time): every post concerning them
/// and their snapshots are read by index, totalled by <see cref="AccountAggregator"/>, written,
/// and the marks seen are cleared. A mark made meanwhile has a new generation and stays.
/// A batch is read in up to <c>readers</c> slices at once (one connection each, see
/// <see cref="AggregateSlice"/>) and written by the one write transaction. When most accounts are
/// marked, <paramref name="scan"/> recomputes them first by scans of the tables instead.
/// </summary>
internal sealed class AggregateRefresher(
    IDbConnectionFactory factory, int batchSize, int readers = 1, int minSlice = AggregateRefresher.MinSlice, AggregateScan? scan = null)
{
    /// <summary>Fewer accounts than this per reader are not worth a connection of their own.</summary>
    public const int MinSlice = 250;

    internal const string Batch = "aggregate_batch";

    // Each query walks an index from the batch's accounts, then reads the post by its key (CROSS
    // JOIN pins that order on SQLite, whose planner would otherwise scan a whole network), and
    // classifies in SQL (methodology.md §3) so only the columns a total needs cross over:
    // reading a column costs more than finding the row. Own posts come first: user posts are
    // matched against the answers as they arrive.
    internal static readonly string OwnPostsSql = OwnPosts(pinned: true);

    // A user post is someone else's post replying to the account or mentioning it; a post doing
    // both comes by the replies only.
    internal static readonly string[] UserPostsSql = UserPosts(pinned: true);

    // PostgreSQL plans the join itself, from statistics: for a batch of thousands of accounts a
    // hash join over one scan of posts, where the pinned walk added a key lookup per post read
    // and more than doubled the query's time (issue 16).
    internal static readonly string[] PlannedSql = [OwnPosts(pinned: false), .. UserPosts(pinned: false)];

    private static string OwnPosts(bool pinned) => $"""
        SELECT b."id", p."created_at",
            CASE WHEN p."in_reply_to_author" IS NULL OR p."in_reply_to_author" = p."author" THEN 1 ELSE 0 END,
            p."in_reply_to_post", p."likes", p."shares", p."quotes", p."replies", p."views"
        FROM "{Batch}" b {PostsBy("author", pinned)}
        """;

    private static string[] UserPosts(bool pinned) =>
    [
        $"""
        SELECT b."id", p."post_id", p."created_at" FROM "{Batch}" b {PostsBy("in_reply_to_author", pinned)}
            AND p."author" <> b."handle"
        """,
        $"""
        SELECT b."id", p."post_id", p."created_at" FROM "{Batch}" b CROSS JOIN "networks" n CROSS JOIN "post_mentions" m CROSS JOIN "posts" p
        WHERE n."id" = b."network" AND m."network" = n."code" AND m."handle" = b."handle" AND p."network" = m."network" AND p."post_id" = m."post_id"
            AND p."author" <> b."handle" AND (p."in_reply_to_author" IS NULL OR p."in_reply_to_author" <> b."handle")
        """,
    ];

    // The posts whose column names the batch's account, as alias p, ending in a WHERE clause
    // (the batch holds the network's id, posts its code: networks n translates).
    private static string PostsBy(string column, bool pinned) => pinned
        ? $"""
            CROSS JOIN "networks" n CROSS JOIN "posts" k CROSS JOIN "posts" p
            WHERE n."id" = b."network" AND k."network" = n."code" AND k."{column}" = b."handle"
                AND p."network" = k."network" AND p."post_id" = k."post_id"
            """
        : $"""
            JOIN "networks" n ON n."id" = b."network"
            JOIN "posts" p ON p."network" = n."code" AND p."{column}" = b."handle"
            WHERE true
            """;

    internal static readonly string FollowersSql = $"""
        SELECT b."id", f."date", f."followers" FROM "{Batch}" b CROSS JOIN "followers" f
        WHERE f."network" = b."network" AND f."handle" = b."handle"
        """;

    /// <summary>Every query that reads a batch, for the tests that pin their query plans.</summary>
    internal static IEnumerable<string> ReadStatements => [OwnPostsSql, .. UserPostsSql, FollowersSql];

    /// <summary>Recomputes every marked account; returns how many marks were cleared.</summary>
    public async Task<int> RefreshAsync(CancellationToken ct)
    {
        // The marks left by the scan (made meanwhile, or none taken) go the per-account way.
        var total = scan is null ? 0 : await scan.RefreshAsync(ct);
        while (await factory.ReadAsync((connection, token) => AnyMarkAsync(connection, null, token), ct))
        {
            var done = await factory.WriteAsync(RefreshBatchAsync, ct);
            if (done == 0)
            {
                break;
            }

            total += done;
        }

        return total;
    }

    public static async Task<bool> AnyMarkAsync(DbConnection connection, DbTransaction? transaction, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            """SELECT 1 FROM "aggregate_dirty" LIMIT 1""", transaction: transaction, cancellationToken: ct)) is not null;

    private async Task<int> RefreshBatchAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        var dialect = factory.Dialect;
        var marks = (await connection.QueryAsync<(string Network, string Handle, long Generation)>(new CommandDefinition(
            $"""
            SELECT d."network", d."handle", d."generation" FROM "aggregate_dirty" d
            ORDER BY d."network", d."handle" LIMIT {batchSize} {dialect.ForUpdateSkipLocked("d")}
            """,
            transaction: transaction,
            cancellationToken: ct))).AsList();
        if (marks.Count == 0)
        {
            return 0;
        }

        var keys = marks.Select(mark => new AccountKey(mark.Network, mark.Handle)).ToList();
        var slices = await ReadSlicesAsync(connection, transaction, keys, ct);
        await using (var writer = new AggregateWriter(connection, transaction))
        {
            foreach (var slice in slices)
            {
                for (var i = 0; i < slice.Aggregates.Length; i++)
                {
                    var key = keys[slice.Start + i];
                    if (slice.Aggregates[i] is { } aggregate)
                    {
                        await writer.WriteAsync(key, aggregate, slice.Previous[i], ct);
                    }

                    await writer.ClearAsync(key, marks[slice.Start + i].Generation, slice.Aggregates[i] is not null, ct);
                }
            }

            await writer.FlushAsync(ct);
        }

        return marks.Count;
    }

    /// <summary>
    /// Reads and totals the batch in contiguous slices, the first in the write transaction, the
    /// others in parallel, each on a connection of its own. Those read outside the transaction see
    /// what it sees: on SQLite it holds the only write lock, so nothing commits until it does; on
    /// PostgreSQL each statement sees what is committed, as the transaction's own READ COMMITTED
    /// statements would, and a change committed after the marks were read leaves a new generation
    /// that the clear keeps.
    /// </summary>
    private async Task<AggregateSlice[]> ReadSlicesAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<AccountKey> keys, CancellationToken ct)
    {
        var count = Math.Clamp(keys.Count / minSlice, 1, readers);
        var bounds = Enumerable.Range(0, count + 1).Select(i => (int)((long)keys.Count * i / count)).ToArray();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var others = Enumerable.Range(1, count - 1)
            .Select(i => Task.Run(() => ReadOwnSliceAsync(keys, bounds[i], bounds[i + 1] - bounds[i], stop.Token), stop.Token))
            .ToArray();
        try
        {
            var first = await AggregateSlice.ReadAsync(connection, transaction, factory.Dialect, keys, 0, bounds[1], ct);
            return [first, .. await Task.WhenAll(others)];
        }
        catch
        {
            // Nothing may still read when the transaction ends; the first failure is the one reported.
            await stop.CancelAsync();
            await ((Task)Task.WhenAll(others)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
    }

    private async Task<AggregateSlice> ReadOwnSliceAsync(IReadOnlyList<AccountKey> keys, int start, int count, CancellationToken ct)
    {
        await using var connection = await factory.OpenAsync(ct);
        return await AggregateSlice.ReadAsync(connection, null, factory.Dialect, keys, start, count, ct);
    }
}
