using System.Data.Common;
using Dapper;
using Engagement.Data.Csv;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Repositories;

/// <summary>A workspace: its name, when it was created, and how many brands it tracks.</summary>
public sealed record Workspace(string Name, DateTimeOffset CreatedAt, int Brands);

/// <summary>
/// Workspaces and the brands each tracks (migration 7). A brand is stored once; a workspace
/// tracks it or not. Deleting a workspace deletes its peer sets and keys, and the brands no other
/// workspace tracks (as deleting them one by one would; their posts stay).
/// </summary>
public sealed class WorkspaceRepository(IDbConnectionFactory factory)
{
    /// <summary>The workspace every store had before workspaces, and the one a command uses unless told.</summary>
    public const string Default = "default";

    /// <summary>Creates the workspace; false when it exists.</summary>
    public Task<bool> CreateAsync(string name, CancellationToken ct = default)
    {
        Validate(name);
        var createdAt = UtcMicros.FromDateTimeOffset(factory.Time.GetUtcNow());
        return factory.WriteAsync(
            async (connection, transaction, token) => await connection.ExecuteAsync(new CommandDefinition(
                """INSERT INTO "workspaces" ("name", "created_at") VALUES (@name, @createdAt) ON CONFLICT ("name") DO NOTHING""",
                new { name, createdAt },
                transaction,
                cancellationToken: token)) > 0,
            ct);
    }

    /// <summary>Every workspace by name.</summary>
    public Task<IReadOnlyList<Workspace>> ListAsync(CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<Workspace>>(
            async (connection, token) => (await connection.QueryAsync<Row>(new CommandDefinition(
                $"""{Select} GROUP BY w."name", w."created_at" ORDER BY w."name" """, cancellationToken: token))).Select(r => r.ToWorkspace()).ToList(),
            ct);

    public Task<Workspace?> GetAsync(string name, CancellationToken ct = default) =>
        factory.ReadAsync(
            async (connection, token) => (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                $"""{Select} WHERE w."name" = @name GROUP BY w."name", w."created_at" """, new { name }, cancellationToken: token)))?.ToWorkspace(),
            ct);

    /// <summary>
    /// Deletes the workspace with its peer sets and keys, and the brands only it tracks (with their
    /// accounts); <c>default</c> cannot be deleted. False when there was none.
    /// </summary>
    public Task<bool> DeleteAsync(string name, CancellationToken ct = default)
    {
        if (name == Default)
        {
            throw new DomainException("the default workspace cannot be deleted");
        }

        return factory.WriteAsync(
            async (connection, transaction, token) =>
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    DELETE FROM "brands" WHERE "id" IN (SELECT "brand" FROM "workspace_brands" WHERE "workspace" = @name)
                    AND NOT EXISTS (SELECT 1 FROM "workspace_brands" o WHERE o."brand" = "brands"."id" AND o."workspace" <> @name)
                    """,
                    new { name },
                    transaction,
                    cancellationToken: token));
                return await connection.ExecuteAsync(new CommandDefinition(
                    """DELETE FROM "workspaces" WHERE "name" = @name""", new { name }, transaction, cancellationToken: token)) > 0;
            },
            ct);
    }

    /// <summary>The brands <paramref name="workspace"/> tracks, by id.</summary>
    public Task<IReadOnlyList<string>> BrandsAsync(string workspace, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<string>>(
            async (connection, token) => (await connection.QueryAsync<string>(new CommandDefinition(
                """SELECT "brand" FROM "workspace_brands" WHERE "workspace" = @workspace ORDER BY "brand" """,
                new { workspace },
                cancellationToken: token))).AsList(),
            ct);

    /// <summary>Whether <paramref name="workspace"/> tracks <paramref name="brand"/>.</summary>
    public Task<bool> TracksAsync(string workspace, string brand, CancellationToken ct = default) =>
        factory.ReadAsync(
            async (connection, token) => await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """SELECT COUNT(*) FROM "workspace_brands" WHERE "workspace" = @workspace AND "brand" = @brand""",
                new { workspace, brand },
                cancellationToken: token)) > 0,
            ct);

    /// <summary>Every workspace's tracked brands (the report model reads them with the brands).</summary>
    internal static async Task<IReadOnlyDictionary<string, IReadOnlySet<string>>> TrackedAsync(
        DbConnection connection, DbTransaction? transaction, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<(string Workspace, string Brand)>(new CommandDefinition(
            """SELECT "workspace", "brand" FROM "workspace_brands" """, transaction: transaction, cancellationToken: ct));
        return rows.GroupBy(row => row.Workspace, StringComparer.Ordinal).ToDictionary(
            group => group.Key,
            group => (IReadOnlySet<string>)group.Select(row => row.Brand).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);
    }

    /// <summary>Makes <paramref name="workspace"/> track the brands (already tracked ones stay).</summary>
    internal static Task TrackAsync(DbConnection connection, DbTransaction transaction, string workspace, IEnumerable<string> brands, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """INSERT INTO "workspace_brands" ("workspace", "brand") VALUES (@workspace, @brand) ON CONFLICT ("workspace", "brand") DO NOTHING""",
            brands.Select(brand => new { workspace, brand }),
            transaction,
            cancellationToken: ct));

    /// <summary>
    /// The brands another workspace than <paramref name="workspace"/> tracks: those this workspace
    /// tracks too (<paramref name="tracking"/>), or every brand tracked elsewhere.
    /// </summary>
    internal static async Task<HashSet<string>> SharedAsync(
        DbConnection connection, DbTransaction? transaction, string workspace, CancellationToken ct, bool tracking = true) =>
        (await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT DISTINCT o."brand" FROM "workspace_brands" o
            WHERE o."workspace" <> @workspace
            AND (@tracking = 0 OR EXISTS (SELECT 1 FROM "workspace_brands" w WHERE w."workspace" = @workspace AND w."brand" = o."brand"))
            """,
            new { workspace, tracking = tracking ? 1 : 0 },
            transaction,
            cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether a workspace other than <paramref name="workspace"/> tracks <paramref name="brand"/> too.</summary>
    public Task<bool> IsSharedAsync(string workspace, string brand, CancellationToken ct = default) =>
        factory.ReadAsync(
            async (connection, token) => await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """SELECT COUNT(*) FROM "workspace_brands" WHERE "brand" = @brand AND "workspace" <> @workspace""",
                new { workspace, brand },
                cancellationToken: token)) > 0,
            ct);

    internal static async Task<bool> ExistsAsync(DbConnection connection, DbTransaction? transaction, string name, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """SELECT COUNT(*) FROM "workspaces" WHERE "name" = @name""", new { name }, transaction, cancellationToken: ct)) > 0;

    /// <summary>An unknown workspace as the store reports it.</summary>
    internal static async Task RequireAsync(DbConnection connection, DbTransaction? transaction, string name, CancellationToken ct)
    {
        if (!await ExistsAsync(connection, transaction, name, ct))
        {
            throw new NotFoundException($"unknown workspace '{name}'");
        }
    }

    private static void Validate(string name)
    {
        if (!CanonicalFormats.IsId(name))
        {
            throw new DomainException($"invalid workspace name '{(name.Length <= 64 ? name : name[..64] + "...")}': 1-64 characters of a-z 0-9 - _");
        }
    }

    private const string Select = """
        SELECT w."name" AS "Name", w."created_at" AS "CreatedAt", COUNT(b."brand") AS "Brands"
        FROM "workspaces" w LEFT JOIN "workspace_brands" b ON b."workspace" = w."name"
        """;

    private sealed class Row
    {
        public string Name { get; init; } = "";

        public long CreatedAt { get; init; }

        public long Brands { get; init; }

        public Workspace ToWorkspace() => new(Name, UtcMicros.ToDateTimeOffset(CreatedAt), (int)Brands);
    }
}
