using Dapper;
using Engagement.Data.Csv;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Repositories;

/// <summary>
/// Brands, stored once and tracked by workspaces (<see cref="WorkspaceRepository"/>). Writing a
/// brand in a workspace makes the workspace track it; deleting it there stops the tracking, and
/// deletes the brand with its accounts (foreign key cascade) once no workspace tracks it.
/// </summary>
public sealed class BrandRepository(IDbConnectionFactory factory)
{
    private const string Columns = """ "id" AS "Id", "name" AS "Name", "industry" AS "Industry" """;

    /// <summary>
    /// Creates or replaces the brand and makes <paramref name="workspace"/> track it; Created when it
    /// is new to the workspace. Unless <paramref name="changeShared"/>, a brand another workspace
    /// tracks keeps its name and industry (one tenant never changes what another sees).
    /// </summary>
    public Task<WriteOutcome> UpsertAsync(
        Brand brand, string workspace = WorkspaceRepository.Default, CancellationToken ct = default, bool changeShared = true)
    {
        ArgumentNullException.ThrowIfNull(brand);
        Validate(brand);
        return factory.WriteAsync(
            async (connection, transaction, token) =>
            {
                await WorkspaceRepository.RequireAsync(connection, transaction, workspace, token);
                var current = await connection.QuerySingleOrDefaultAsync<Brand>(new CommandDefinition(
                    $"""SELECT {Columns} FROM "brands" WHERE "id" = @Id""", new { brand.Id }, transaction, cancellationToken: token));
                var tracked = current is not null && await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    """SELECT COUNT(*) FROM "workspace_brands" WHERE "workspace" = @workspace AND "brand" = @Id""",
                    new { workspace, brand.Id },
                    transaction,
                    cancellationToken: token)) > 0;
                if (current == brand && tracked)
                {
                    return WriteOutcome.Unchanged;
                }

                if (current is not null && !changeShared
                    && (await WorkspaceRepository.SharedAsync(connection, transaction, workspace, token, tracking: false)).Contains(brand.Id))
                {
                    await WorkspaceRepository.TrackAsync(connection, transaction, workspace, [brand.Id], token);
                    return tracked ? WriteOutcome.Unchanged : WriteOutcome.Created;
                }

                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO "brands" ("id", "name", "industry") VALUES (@Id, @Name, @Industry)
                    ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name", "industry" = excluded."industry"
                    """,
                    brand,
                    transaction,
                    cancellationToken: token));
                await WorkspaceRepository.TrackAsync(connection, transaction, workspace, [brand.Id], token);
                return tracked ? WriteOutcome.Updated : WriteOutcome.Created;
            },
            ct);
    }

    public Task<Brand?> GetAsync(string id, CancellationToken ct = default) =>
        factory.ReadAsync(
            (connection, token) => connection.QuerySingleOrDefaultAsync<Brand?>(new CommandDefinition(
                $"""SELECT {Columns} FROM "brands" WHERE "id" = @id""", new { id }, cancellationToken: token)),
            ct);

    /// <summary>The brands <paramref name="workspace"/> tracks (every brand of the store when null), by id.</summary>
    public Task<IReadOnlyList<Brand>> ListAsync(string? workspace = WorkspaceRepository.Default, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<Brand>>(
            async (connection, token) => (await connection.QueryAsync<Brand>(new CommandDefinition(
                $"""
                SELECT {Columns} FROM "brands"
                WHERE @workspace IS NULL OR "id" IN (SELECT "brand" FROM "workspace_brands" WHERE "workspace" = @workspace)
                ORDER BY "id"
                """,
                new { workspace },
                cancellationToken: token))).AsList(),
            ct);

    /// <summary>
    /// Stops <paramref name="workspace"/> tracking the brand (and leaves its peer sets); the brand
    /// itself, with its accounts, is deleted when no other workspace tracks it. False when the
    /// workspace did not track it.
    /// </summary>
    public Task<bool> DeleteAsync(string id, string workspace = WorkspaceRepository.Default, CancellationToken ct = default) =>
        factory.WriteAsync(
            async (connection, transaction, token) =>
            {
                if (await connection.ExecuteAsync(new CommandDefinition(
                        """DELETE FROM "workspace_brands" WHERE "workspace" = @workspace AND "brand" = @id""",
                        new { workspace, id },
                        transaction,
                        cancellationToken: token)) == 0)
                {
                    return false;
                }

                await connection.ExecuteAsync(new CommandDefinition(
                    """DELETE FROM "brands" WHERE "id" = @id AND NOT EXISTS (SELECT 1 FROM "workspace_brands" WHERE "brand" = @id)""",
                    new { id },
                    transaction,
                    cancellationToken: token));
                return true;
            },
            ct);

    private static void Validate(Brand brand)
    {
        if (!CanonicalFormats.IsId(brand.Id))
        {
            throw new DomainException($"invalid brand id '{brand.Id}': 1-64 chars of a-z 0-9 - _");
        }

        if (string.IsNullOrEmpty(brand.Name))
        {
            throw new DomainException($"brand '{brand.Id}' needs a name");
        }

        if (brand.Industry is { } industry && !CanonicalFormats.IsId(industry))
        {
            throw new DomainException($"invalid industry id '{industry}': 1-64 chars of a-z 0-9 - _");
        }
    }
}
