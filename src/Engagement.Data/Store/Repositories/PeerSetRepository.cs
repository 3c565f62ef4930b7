using System.Data.Common;
using Dapper;
using Engagement.Data.Csv;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Repositories;

/// <summary>A named set of brands to benchmark against (methodology.md §7, <c>peers:NAME</c>).</summary>
public sealed record PeerSet(string Name, IReadOnlyList<string> Brands);

/// <summary>
/// Peer sets, each a workspace's own: two workspaces may both have a set named <c>rivals</c>. A
/// brand the workspace stops tracking leaves the workspace's sets (foreign key cascade).
/// </summary>
public sealed class PeerSetRepository(IDbConnectionFactory factory)
{
    /// <summary>Creates the set or replaces its brands; every brand must be tracked by the workspace.</summary>
    public Task<WriteOutcome> SetAsync(string workspace, string name, IEnumerable<string> brands, CancellationToken ct = default)
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
                await WorkspaceRepository.RequireAsync(connection, transaction, workspace, token);
                var known = (await connection.QueryAsync<string>(new CommandDefinition(
                    """SELECT "brand" FROM "workspace_brands" WHERE "workspace" = @workspace""",
                    new { workspace },
                    transaction,
                    cancellationToken: token))).ToHashSet(StringComparer.Ordinal);
                var unknown = members.Where(brand => !known.Contains(brand)).ToList();
                if (unknown.Count > 0)
                {
                    throw new NotFoundException($"unknown brand{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(b => $"'{b}'"))}");
                }

                var current = await MembersAsync(connection, workspace, name, transaction, token);
                var existed = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    """SELECT COUNT(*) FROM "peer_sets" WHERE "workspace" = @workspace AND "name" = @name""",
                    new { workspace, name },
                    transaction,
                    cancellationToken: token)) > 0;
                if (existed && current.SequenceEqual(members))
                {
                    return WriteOutcome.Unchanged;
                }

                await connection.ExecuteAsync(new CommandDefinition(
                    """INSERT INTO "peer_sets" ("workspace", "name") VALUES (@workspace, @name) ON CONFLICT ("workspace", "name") DO NOTHING""",
                    new { workspace, name }, transaction, cancellationToken: token));
                await connection.ExecuteAsync(new CommandDefinition(
                    """DELETE FROM "peer_set_members" WHERE "workspace" = @workspace AND "name" = @name""",
                    new { workspace, name }, transaction, cancellationToken: token));
                await connection.ExecuteAsync(new CommandDefinition(
                    """INSERT INTO "peer_set_members" ("workspace", "name", "brand") VALUES (@workspace, @name, @brand)""",
                    members.Select(brand => new { workspace, name, brand }),
                    transaction,
                    cancellationToken: token));
                return existed ? WriteOutcome.Updated : WriteOutcome.Created;
            },
            ct);
    }

    public Task<PeerSet?> GetAsync(string workspace, string name, CancellationToken ct = default) =>
        factory.ReadAsync(
            async (connection, token) =>
            {
                var exists = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    """SELECT COUNT(*) FROM "peer_sets" WHERE "workspace" = @workspace AND "name" = @name""",
                    new { workspace, name },
                    cancellationToken: token)) > 0;
                return exists ? new PeerSet(name, await MembersAsync(connection, workspace, name, null, token)) : null;
            },
            ct);

    /// <summary>The workspace's peer sets by name, their brands by id.</summary>
    public async Task<IReadOnlyList<PeerSet>> ListAsync(string workspace, CancellationToken ct = default) =>
        (await factory.ReadAsync((connection, token) => ListAsync(connection, null, token), ct)).GetValueOrDefault(workspace) ?? [];

    public Task<bool> DeleteAsync(string workspace, string name, CancellationToken ct = default) =>
        factory.WriteAsync(
            async (connection, transaction, token) => await connection.ExecuteAsync(new CommandDefinition(
                """DELETE FROM "peer_sets" WHERE "workspace" = @workspace AND "name" = @name""",
                new { workspace, name },
                transaction,
                cancellationToken: token)) > 0,
            ct);

    /// <summary>Every workspace's peer sets: workspace, then sets by name, their brands by id.</summary>
    internal static async Task<IReadOnlyDictionary<string, IReadOnlyList<PeerSet>>> ListAsync(
        DbConnection connection, DbTransaction? transaction, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<(string Workspace, string Name, string? Brand)>(new CommandDefinition(
            """
            SELECT s."workspace", s."name", m."brand" FROM "peer_sets" s
            LEFT JOIN "peer_set_members" m ON m."workspace" = s."workspace" AND m."name" = s."name"
            ORDER BY s."workspace", s."name", m."brand"
            """,
            transaction: transaction,
            cancellationToken: ct));
        return rows
            .GroupBy(row => row.Workspace, StringComparer.Ordinal)
            .ToDictionary(
                workspace => workspace.Key,
                workspace => (IReadOnlyList<PeerSet>)workspace
                    .GroupBy(row => row.Name, StringComparer.Ordinal)
                    .Select(group => new PeerSet(group.Key, group.Where(row => row.Brand is not null).Select(row => row.Brand!).ToList()))
                    .ToList(),
                StringComparer.Ordinal);
    }

    private static async Task<IReadOnlyList<string>> MembersAsync(
        DbConnection connection, string workspace, string name, DbTransaction? transaction, CancellationToken ct) =>
        (await connection.QueryAsync<string>(new CommandDefinition(
            """SELECT "brand" FROM "peer_set_members" WHERE "workspace" = @workspace AND "name" = @name ORDER BY "brand" """,
            new { workspace, name },
            transaction,
            cancellationToken: ct))).AsList();
}
