using System.Data.Common;
using Dapper;
using Engagement.Data.Csv;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Repositories;

/// <summary>A named set of brands to benchmark against (methodology.md §7, <c>peers:NAME</c>).</summary>
public sealed record PeerSet(string Name, IReadOnlyList<string> Brands);

/// <summary>Peer sets. A deleted brand leaves the sets it was in (foreign key cascade).</summary>
public sealed class PeerSetRepository(IDbConnectionFactory factory)
{
    /// <summary>Creates the set or replaces its brands; every brand must exist.</summary>
    public Task<WriteOutcome> SetAsync(string name, IEnumerable<string> brands, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(brands);
        if (!CanonicalFormats.IsId(name))
        {
            throw new DomainException($"invalid peer set name '{name}': 1-64 chars of a-z 0-9 - _");
        }

        var members = brands.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return factory.WriteAsync(
            async (connection, transaction, token) =>
            {
                var known = (await connection.QueryAsync<string>(new CommandDefinition(
                    """SELECT "id" FROM "brands" """, transaction: transaction, cancellationToken: token))).ToHashSet(StringComparer.Ordinal);
                var unknown = members.Where(brand => !known.Contains(brand)).ToList();
                if (unknown.Count > 0)
                {
                    throw new NotFoundException($"unknown brand{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(b => $"'{b}'"))}");
                }

                var current = await MembersAsync(connection, name, transaction, token);
                var existed = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    """SELECT COUNT(*) FROM "peer_sets" WHERE "name" = @name""", new { name }, transaction, cancellationToken: token)) > 0;
                if (existed && current.SequenceEqual(members))
                {
                    return WriteOutcome.Unchanged;
                }

                await connection.ExecuteAsync(new CommandDefinition(
                    """INSERT INTO "peer_sets" ("name") VALUES (@name) ON CONFLICT ("name") DO NOTHING""",
                    new { name }, transaction, cancellationToken: token));
                await connection.ExecuteAsync(new CommandDefinition(
                    """DELETE FROM "peer_set_members" WHERE "name" = @name""", new { name }, transaction, cancellationToken: token));
                await connection.ExecuteAsync(new CommandDefinition(
                    """INSERT INTO "peer_set_members" ("name", "brand") VALUES (@name, @brand)""",
                    members.Select(brand => new { name, brand }),
                    transaction,
                    cancellationToken: token));
                return existed ? WriteOutcome.Updated : WriteOutcome.Created;
            },
            ct);
    }

    public Task<PeerSet?> GetAsync(string name, CancellationToken ct = default) =>
        factory.ReadAsync(
            async (connection, token) =>
            {
                var exists = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    """SELECT COUNT(*) FROM "peer_sets" WHERE "name" = @name""", new { name }, cancellationToken: token)) > 0;
                return exists ? new PeerSet(name, await MembersAsync(connection, name, null, token)) : null;
            },
            ct);

    /// <summary>Every peer set by name, its brands by id.</summary>
    public Task<IReadOnlyList<PeerSet>> ListAsync(CancellationToken ct = default) =>
        factory.ReadAsync((connection, token) => ListAsync(connection, null, token), ct);

    public Task<bool> DeleteAsync(string name, CancellationToken ct = default) =>
        factory.WriteAsync(
            async (connection, transaction, token) => await connection.ExecuteAsync(new CommandDefinition(
                """DELETE FROM "peer_sets" WHERE "name" = @name""", new { name }, transaction, cancellationToken: token)) > 0,
            ct);

    internal static async Task<IReadOnlyList<PeerSet>> ListAsync(
        DbConnection connection, DbTransaction? transaction, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<(string Name, string? Brand)>(new CommandDefinition(
            """
            SELECT s."name", m."brand" FROM "peer_sets" s
            LEFT JOIN "peer_set_members" m ON m."name" = s."name"
            ORDER BY s."name", m."brand"
            """,
            transaction: transaction,
            cancellationToken: ct));
        return rows
            .GroupBy(row => row.Name, StringComparer.Ordinal)
            .Select(group => new PeerSet(group.Key, group.Where(row => row.Brand is not null).Select(row => row.Brand!).ToList()))
            .ToList();
    }

    private static async Task<IReadOnlyList<string>> MembersAsync(
        DbConnection connection, string name, DbTransaction? transaction, CancellationToken ct) =>
        (await connection.QueryAsync<string>(new CommandDefinition(
            """SELECT "brand" FROM "peer_set_members" WHERE "name" = @name ORDER BY "brand" """,
            new { name },
            transaction,
            cancellationToken: ct))).AsList();
}
