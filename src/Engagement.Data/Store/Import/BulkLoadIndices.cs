using System.Data.Common;
using Dapper;

namespace Engagement.Data.Store.Import;

/// <summary>
/// The first import into an empty SQLite posts table loads it without its secondary indices and
/// builds them after, in the same transaction: an index built from sorted rows costs a third less
/// CPU than one grown row by row in random author order, and its pages come out full (issue 16).
/// The definitions are read back from the schema, so the indices are exactly the migrations'.
/// Without its triggers too (<see cref="PostBulkLoad"/>), a row's insert needs no statement journal
/// (SQLite journals every page a statement with triggers touches, 6 writes a row) and no
/// data_version update per row.
/// PostgreSQL has its own first load (PostgresPostLoad): there dropping an index holds every reader
/// of the table until the commit, so it is done only while the tables are empty.
/// </summary>
internal sealed class BulkLoadIndices
{
    private readonly IReadOnlyList<string> _definitions;

    private BulkLoadIndices(IReadOnlyList<string> definitions) => _definitions = definitions;

    /// <summary>
    /// Drops the table's secondary indices (and, with <paramref name="triggers"/>, its triggers) when the
    /// table is empty; null when it keeps them. A load without the triggers bumps data_version itself.
    /// </summary>
    public static async Task<BulkLoadIndices?> DropIfEmptyAsync(
        DbConnection connection, DbTransaction transaction, ISqlDialect dialect, string table, bool triggers, CancellationToken ct)
    {
        if (dialect.Name != "sqlite"
            || await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"""SELECT EXISTS (SELECT 1 FROM "{table}")""", transaction: transaction, cancellationToken: ct)) != 0)
        {
            return null;
        }

        var indices = (await connection.QueryAsync<(string Type, string Name, string Sql)>(new CommandDefinition(
            """
            SELECT "type", "name", "sql" FROM "sqlite_master"
            WHERE ("type" = 'index' OR ("type" = 'trigger' AND @triggers)) AND "tbl_name" = @table AND "sql" IS NOT NULL
            ORDER BY "type"
            """,
            new { table, triggers }, transaction, cancellationToken: ct))).AsList();
        await Sql.ExecuteAsync(connection, transaction, ct, [.. indices.Select(item => $"""DROP {item.Type.ToUpperInvariant()} "{item.Name}" """)]);
        return new BulkLoadIndices([.. indices.Select(index => index.Sql)]);
    }

    /// <summary>
    /// Builds the dropped indices again from the loaded rows. SQLite sorts an index's entries with
    /// helper threads when the connection allows them (<c>PRAGMA threads</c>, off by default): the
    /// other cores sort runs while this one merges. Reset after, the connection goes back to the pool.
    /// </summary>
    public async Task RebuildAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        var helpers = Math.Clamp(Environment.ProcessorCount - 1, 0, 3);
        await Sql.ExecuteAsync(connection, transaction, ct, $"PRAGMA threads = {helpers}");
        try
        {
            await Sql.ExecuteAsync(connection, transaction, ct, [.. _definitions]);
        }
        finally
        {
            await Sql.ExecuteAsync(connection, transaction, CancellationToken.None, "PRAGMA threads = 0");
        }
    }
}
