using System.Data.Common;
using Dapper;
using Engagement.Data.Store.Import;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Aggregates;

/// <summary>
/// One contiguous slice of a refresh batch's accounts, read and totalled on one connection:
/// whether each is tracked, its previous month range, and its recomputed aggregate (null when
/// untracked). Index <c>i</c> is the batch's account <c>Start + i</c>.
/// </summary>
internal sealed class AggregateSlice
{
    private const string Batch = AggregateRefresher.Batch;

    private AggregateSlice(int start, int count)
    {
        Start = start;
        Aggregates = new AccountAggregate?[count];
        Previous = new (int? First, int? Last)[count];
    }

    public int Start { get; }

    public AccountAggregate?[] Aggregates { get; }

    public (int? First, int? Last)[] Previous { get; }

    /// <summary>
    /// Reads the accounts <paramref name="keys"/>[start, start + count) in <paramref name="transaction"/>,
    /// or, without one, statement by statement (the caller guarantees nothing is committed meanwhile
    /// that a later mark would not catch). The batch's keys go into a temporary table of this connection.
    /// </summary>
    public static async Task<AggregateSlice> ReadAsync(
        DbConnection connection, DbTransaction? transaction, ISqlDialect dialect,
        IReadOnlyList<AccountKey> keys, int start, int count, CancellationToken ct)
    {
        var slice = new AggregateSlice(start, count);
        if (transaction is null)
        {
            // A pooled connection may keep the table of a slice that failed half way.
            await Sql.ExecuteAsync(connection, null, ct, $"""DROP TABLE IF EXISTS "{Batch}" """);
        }

        await Sql.ExecuteAsync(connection, transaction, ct, $"""
            CREATE TEMP TABLE "{Batch}" ("network" TEXT NOT NULL, "handle" TEXT NOT NULL, "id" INTEGER NOT NULL,
                PRIMARY KEY ("network", "handle")){dialect.KeyedTableSuffix}
            """);
        await using (var queue = new WriteQueue(connection, transaction))
        await using (var insert = new BatchCommand(connection, transaction,
            $"""INSERT INTO "{Batch}" ("network", "handle", "id") VALUES (@network, @handle, @id)""", "network", "handle", "id"))
        {
            for (var i = 0; i < count; i++)
            {
                await insert.Set(0, keys[start + i].Network).Set(1, keys[start + i].Handle).Set(2, i).QueueAsync(queue, ct);
            }

            await queue.FlushAsync(ct);
        }

        var tracked = (await connection.QueryAsync<int>(new CommandDefinition(
            $"""SELECT b."id" FROM "{Batch}" b JOIN "accounts" a ON a."network" = b."network" AND a."handle" = b."handle" """,
            transaction: transaction,
            cancellationToken: ct))).ToHashSet();
        foreach (var row in await connection.QueryAsync<(int Id, int? First, int? Last)>(new CommandDefinition(
            $"""
            SELECT b."id", s."first_month", s."last_month" FROM "{Batch}" b
            JOIN "account_aggregates" s ON s."network" = b."network" AND s."handle" = b."handle"
            """,
            transaction: transaction,
            cancellationToken: ct)))
        {
            slice.Previous[row.Id] = (row.First, row.Last);
        }

        var accounts = await ReadPostsAsync(connection, transaction, dialect, count, ct);
        var followers = new List<(DateOnly, long)>?[count];
        await ReadAsync(connection, transaction, AggregateRefresher.FollowersSql, ct, row =>
            (followers[row.GetInt32(0)] ??= []).Add((StoreRows.ParseDate(row.GetString(1)), row.GetInt64(2))));
        await Sql.ExecuteAsync(connection, transaction, ct, $"""DROP TABLE "{Batch}" """);

        for (var i = 0; i < count; i++)
        {
            slice.Aggregates[i] = tracked.Contains(i) ? accounts[i].Build(followers[i] ?? []) : null;
        }

        return slice;
    }

    private static async Task<AccountAggregator[]> ReadPostsAsync(
        DbConnection connection, DbTransaction? transaction, ISqlDialect dialect, int count, CancellationToken ct)
    {
        var accounts = new AccountAggregator[count];
        for (var i = 0; i < accounts.Length; i++)
        {
            accounts[i] = new AccountAggregator();
        }

        var (ownPosts, userPosts) = dialect is SqliteDialect
            ? (AggregateRefresher.OwnPostsSql, AggregateRefresher.UserPostsSql)
            : (AggregateRefresher.PlannedSql[0], AggregateRefresher.PlannedSql[1..]);
        await ReadAsync(connection, transaction, ownPosts, ct, row =>
        {
            var account = accounts[row.GetInt32(0)];
            if (row.GetInt32(2) == 1)
            {
                var interactions = AccountAggregator.Interactions(row.GetInt64(4), row.GetInt64(5), row.GetInt64(6), row.GetInt64(7));
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

        return accounts;
    }

    private static async Task ReadAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct, Action<DbDataReader> row)
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
