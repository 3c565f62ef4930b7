using System.Data.Common;
using Dapper;
using Engagement.Data.Store.Import;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Aggregates;

/// <summary>
/// Recomputes the aggregates of the accounts marked in <c>aggregate_dirty</c>, a batch of
/// accounts per write transaction (bounded memory and lock time): every post concerning them
/// and their snapshots are read by index, totalled by <see cref="AccountAggregator"/>, written,
/// and the marks seen are cleared. A mark made meanwhile has a new generation and stays.
/// </summary>
internal sealed class AggregateRefresher(IDbConnectionFactory factory, int batchSize)
{
    private const string Batch = "aggregate_batch";

    // Each query walks an index from the batch's accounts, then reads the post by its key (CROSS
    // JOIN pins that order on SQLite, whose planner would otherwise scan a whole network), and
    // classifies in SQL (methodology.md §3) so only the columns a total needs cross over:
    // reading a column costs more than finding the row. Own posts come first: user posts are
    // matched against the answers as they arrive.
    private static readonly string OwnPostsSql = OwnPosts(pinned: true);

    // A user post is someone else's post replying to the account or mentioning it; a post doing
    // both comes by the replies only.
    private static readonly string[] UserPostsSql = UserPosts(pinned: true);

    // PostgreSQL plans the join itself, from statistics: for a batch of thousands of accounts a
    // hash join over one scan of posts, where the pinned walk added a key lookup per post read
    // and more than doubled the query's time (issue 16).
    private static readonly string[] PlannedSql = [OwnPosts(pinned: false), .. UserPosts(pinned: false)];

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
        SELECT b."id", p."post_id", p."created_at" FROM "{Batch}" b CROSS JOIN "post_mentions" m CROSS JOIN "posts" p
        WHERE m."network" = b."network" AND m."handle" = b."handle" AND p."network" = m."network" AND p."post_id" = m."post_id"
            AND p."author" <> b."handle" AND (p."in_reply_to_author" IS NULL OR p."in_reply_to_author" <> b."handle")
        """,
    ];

    // The posts whose column names the batch's account, as alias p, ending in a WHERE clause.
    private static string PostsBy(string column, bool pinned) => pinned
        ? $"""
            CROSS JOIN "posts" k CROSS JOIN "posts" p
            WHERE k."network" = b."network" AND k."{column}" = b."handle" AND p."network" = k."network" AND p."post_id" = k."post_id"
            """
        : $"""
            JOIN "posts" p ON p."network" = b."network" AND p."{column}" = b."handle"
            WHERE true
            """;

    private static readonly string FollowersSql = $"""
        SELECT b."id", f."date", f."followers" FROM "{Batch}" b CROSS JOIN "followers" f
        WHERE f."network" = b."network" AND f."handle" = b."handle"
        """;

    /// <summary>Every query that reads a batch, for the tests that pin their query plans.</summary>
    internal static IEnumerable<string> ReadStatements => [OwnPostsSql, .. UserPostsSql, FollowersSql];

    /// <summary>Recomputes every marked account; returns how many marks were cleared.</summary>
    public async Task<int> RefreshAsync(CancellationToken ct)
    {
        var total = 0;
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
        await Sql.ExecuteAsync(connection, transaction, ct, $"""
            CREATE TEMP TABLE "{Batch}" ("network" TEXT NOT NULL, "handle" TEXT NOT NULL, "id" INTEGER NOT NULL,
                PRIMARY KEY ("network", "handle")){dialect.KeyedTableSuffix}
            """);
        await using (var queue = new WriteQueue(connection, transaction))
        await using (var insert = new BatchCommand(connection, transaction,
            $"""INSERT INTO "{Batch}" ("network", "handle", "id") VALUES (@network, @handle, @id)""", "network", "handle", "id"))
        {
            for (var i = 0; i < keys.Count; i++)
            {
                await insert.Set(0, keys[i].Network).Set(1, keys[i].Handle).Set(2, i).QueueAsync(queue, ct);
            }

            await queue.FlushAsync(ct);
        }

        var tracked = (await connection.QueryAsync<int>(new CommandDefinition(
            $"""SELECT b."id" FROM "{Batch}" b JOIN "accounts" a ON a."network" = b."network" AND a."handle" = b."handle" """,
            transaction: transaction,
            cancellationToken: ct))).ToHashSet();
        var previous = (await connection.QueryAsync<(int Id, int? First, int? Last)>(new CommandDefinition(
            $"""
            SELECT b."id", s."first_month", s."last_month" FROM "{Batch}" b
            JOIN "account_aggregates" s ON s."network" = b."network" AND s."handle" = b."handle"
            """,
            transaction: transaction,
            cancellationToken: ct))).ToDictionary(row => row.Id, row => (row.First, row.Last));

        var accounts = new AccountAggregator[keys.Count];
        for (var i = 0; i < accounts.Length; i++)
        {
            accounts[i] = new AccountAggregator();
        }

        var (ownPosts, userPosts) = dialect.Name == "sqlite" ? (OwnPostsSql, UserPostsSql) : (PlannedSql[0], PlannedSql[1..]);
        await ReadAsync(connection, transaction, ownPosts, ct, row =>
        {
            var account = accounts[row.GetInt32(0)];
            if (row.GetInt32(2) == 1)
            {
                var interactions = checked(row.GetInt64(4) + row.GetInt64(5) + row.GetInt64(6) + row.GetInt64(7));
                account.AddBrandPost(row.GetInt64(1), interactions, row.IsDBNull(8) ? null : row.GetInt64(8));
            }
            else
            {
                account.AddAnswer(row.GetInt64(1), row.IsDBNull(3) ? null : row.GetString(3));
            }
        });
        foreach (var sql in userPosts)
        {
            await ReadAsync(connection, transaction, sql, ct, row => accounts[row.GetInt32(0)].AddUserPost(row.GetString(1), row.GetInt64(2)));
        }

        var followers = new List<(DateOnly, long)>?[keys.Count];
        await ReadAsync(connection, transaction, FollowersSql, ct, row =>
            (followers[row.GetInt32(0)] ??= []).Add((StoreRows.ParseDate(row.GetString(1)), row.GetInt64(2))));

        await using (var writer = new AggregateWriter(connection, transaction))
        {
            for (var i = 0; i < keys.Count; i++)
            {
                if (tracked.Contains(i))
                {
                    var aggregate = accounts[i].Build(followers[i] ?? []);
                    await writer.WriteAsync(keys[i], aggregate, previous.TryGetValue(i, out var range) ? range : (null, null), ct);
                }

                await writer.ClearAsync(keys[i], marks[i].Generation, tracked.Contains(i), ct);
            }

            await writer.FlushAsync(ct);
        }

        await Sql.ExecuteAsync(connection, transaction, ct, $"""DROP TABLE "{Batch}" """);
        return marks.Count;
    }

    private static async Task ReadAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken ct, Action<DbDataReader> row)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            row(reader);
        }
    }
}
