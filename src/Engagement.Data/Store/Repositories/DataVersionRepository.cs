using System.Data.Common;
using Dapper;

namespace Engagement.Data.Store.Repositories;

/// <summary>
/// The store's data version: it grows whenever a committed transaction changed brands, accounts,
/// posts, followers or peer sets (triggers bump it, see migration 3), whichever instance wrote.
/// A cache of anything computed from that data is valid while the version it was computed at is
/// still the current one.
/// </summary>
/// <remarks>
/// Read the version before the data, or in the same read snapshot: read after, a change committed
/// in between would be cached under the new version and never noticed.
/// </remarks>
public sealed class DataVersionRepository(IDbConnectionFactory factory)
{
    private const string Sql = """SELECT "version" FROM "data_version" WHERE "id" = 1""";

    public Task<long> GetAsync(CancellationToken ct = default) =>
        factory.ReadAsync((connection, token) => GetAsync(connection, null, token), ct);

    /// <summary>The version as <paramref name="transaction"/> sees it (e.g. inside a read snapshot).</summary>
    public static Task<long> GetAsync(DbConnection connection, DbTransaction? transaction, CancellationToken ct = default) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(Sql, transaction: transaction, cancellationToken: ct));
}
