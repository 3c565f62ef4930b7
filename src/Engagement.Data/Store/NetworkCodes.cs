using System.Data.Common;
using Dapper;
using Engagement.Data.Store.Import;
using Microsoft.Data.Sqlite;

namespace Engagement.Data.Store;

/// <summary>
/// The network of <c>posts</c> and <c>post_mentions</c> is a small integer code, not its text
/// (migration 15): SQLite stores the codes 0 and 1 in a record's header alone, and every key of
/// the two tables and of their three indices starts with it (-18.7 MB of 230 at 3,000 brands,
/// bench/RESULTS.md, issue 16). The <c>networks</c> table says which code is which id; it grows
/// with the ids the store meets, since posts.csv accepts any network id of the id syntax (no list
/// is fixed here). Everything outside these two tables keeps the network's text: a query of
/// posts translates with <see cref="CodeOf"/> or a join on <c>networks</c>, one SQL text for both engines.
/// </summary>
public static class NetworkCodes
{
    /// <summary>The code of a network id (a parameter or a column): NULL when the store never met it, which matches no post.</summary>
    public static string CodeOf(string id) => $"""(SELECT "code" FROM "networks" WHERE "id" = {id})""";

    /// <summary>The network id of a code (a trigger's <c>NEW."network"</c>).</summary>
    public static string IdOf(string code) => $"""(SELECT "id" FROM "networks" WHERE "code" = {code})""";

    /// <summary>
    /// Gives each id of <paramref name="ids"/> (a SELECT of one column <c>"id"</c>, no repeats)
    /// that has no code yet the next free one. Two writers may pick the same code at once
    /// (PostgreSQL): the second does nothing, reads back, and tries again (<see cref="EnsureAsync"/>).
    /// </summary>
    private static string RegisterSql(string ids) => $"""
        INSERT INTO "networks" ("code", "id")
        SELECT (SELECT COALESCE(MAX("code"), -1) FROM "networks") + ROW_NUMBER() OVER (ORDER BY x."id"), x."id"
        FROM ({ids}) x
        WHERE NOT EXISTS (SELECT 1 FROM "networks" n WHERE n."id" = x."id")
        ON CONFLICT DO NOTHING
        """;

    /// <summary>The distinct network ids of a staging table, as <see cref="RegisterSql"/> takes them.</summary>
    private static string DistinctIn(string table) => $"""SELECT DISTINCT "network" AS "id" FROM "{table}" """;

    private const int Attempts = 8;

    /// <summary>
    /// The codes of <paramref name="ids"/>, registering the ones the store has not met yet in the
    /// caller's transaction (so a rolled-back write leaves no code behind).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, int>> EnsureAsync(
        DbConnection connection, DbTransaction transaction, IEnumerable<string> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct(StringComparer.Ordinal).ToArray();
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        if (wanted.Length == 0)
        {
            return codes;
        }

        var parameters = new DynamicParameters();
        var select = string.Join(" UNION ALL ", wanted.Select((id, i) =>
        {
            parameters.Add("id" + i, id);
            return $"""SELECT CAST(@id{i} AS TEXT) AS "id" """;
        }));
        // Read first: nearly every call finds its networks there, and then writes nothing (an
        // INSERT, even of no row, would lock networks against a first load's codes).
        for (var attempt = 0; ; attempt++)
        {
            var rows = await connection.QueryAsync<(string Id, int Code)>(new CommandDefinition(
                $"""SELECT n."id", n."code" FROM "networks" n JOIN ({select}) x ON x."id" = n."id" """, parameters, transaction, cancellationToken: ct));
            foreach (var (id, code) in rows)
            {
                codes[id] = code;
            }

            if (codes.Count == wanted.Length)
            {
                return codes;
            }

            if (attempt == Attempts)
            {
                throw new InvalidOperationException($"no network code could be registered for {string.Join(", ", wanted.Where(id => !codes.ContainsKey(id)))}");
            }

            await connection.ExecuteAsync(new CommandDefinition(RegisterSql(select), parameters, transaction, cancellationToken: ct));
        }
    }

    /// <summary>Registers the network ids of a staging table (column <c>network</c>) that have no code yet.</summary>
    public static async Task RegisterStagedAsync(DbConnection connection, DbTransaction transaction, string table, CancellationToken ct)
    {
        var missingSql = $"""
            SELECT COUNT(*) FROM ({DistinctIn(table)}) x WHERE NOT EXISTS (SELECT 1 FROM "networks" n WHERE n."id" = x."id")
            """;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            await Sql.ExecuteAsync(connection, transaction, ct, RegisterSql(DistinctIn(table)));
            if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(missingSql, transaction: transaction, cancellationToken: ct)) == 0)
            {
                return;
            }
        }

        throw new InvalidOperationException($"no network code could be registered for the networks of {table}");
    }

    /// <summary>
    /// A SQLite connection's codes for the raw statements of a first load: read once, a network
    /// met for the first time registered on the connection (in its open transaction) and remembered.
    /// </summary>
    internal sealed class SqliteMap(SqliteConnection connection) : IDisposable
    {
        private readonly Dictionary<string, long> _codes = new(StringComparer.Ordinal);
        private readonly SqliteRawStatement _register = new(connection, RegisterSql("""SELECT ?1 AS "id" """));
        private readonly SqliteRawStatement _read = new(connection, """SELECT "code" FROM "networks" WHERE "id" = ?1""");
        private string? _last;
        private long _lastCode;

        public long this[string network]
        {
            get
            {
                // Rows of one network come in runs: most lookups are the one before.
                if (ReferenceEquals(network, _last) || string.Equals(network, _last, StringComparison.Ordinal))
                {
                    return _lastCode;
                }

                if (!_codes.TryGetValue(network, out var code))
                {
                    _register.Text(1, network).Execute();
                    _read.Text(1, network);
                    code = _read.Read() ? _read.Int64(0) : throw new InvalidOperationException($"no network code for {network}");
                    while (_read.Read())
                    {
                    }

                    _codes[network] = code;
                }

                (_last, _lastCode) = (network, code);
                return code;
            }
        }

        public void Dispose()
        {
            _register.Dispose();
            _read.Dispose();
        }
    }
}
