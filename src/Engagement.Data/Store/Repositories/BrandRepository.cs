using Dapper;
using Engagement.Data.Csv;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Repositories;

/// <summary>Brands. Deleting one deletes its accounts and peer-set memberships (foreign key cascade).</summary>
public sealed class BrandRepository(IDbConnectionFactory factory)
{
    private const string Columns = """ "id" AS "Id", "name" AS "Name", "industry" AS "Industry" """;

    public Task<WriteOutcome> UpsertAsync(Brand brand, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(brand);
        Validate(brand);
        return factory.WriteAsync(
            async (connection, transaction, token) =>
            {
                var current = await connection.QuerySingleOrDefaultAsync<Brand>(new CommandDefinition(
                    $"""SELECT {Columns} FROM "brands" WHERE "id" = @Id""", new { brand.Id }, transaction, cancellationToken: token));
                if (current == brand)
                {
                    return WriteOutcome.Unchanged;
                }

                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO "brands" ("id", "name", "industry") VALUES (@Id, @Name, @Industry)
                    ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name", "industry" = excluded."industry"
                    """,
                    brand,
                    transaction,
                    cancellationToken: token));
                return current is null ? WriteOutcome.Created : WriteOutcome.Updated;
            },
            ct);
    }

    public Task<Brand?> GetAsync(string id, CancellationToken ct = default) =>
        factory.ReadAsync(
            (connection, token) => connection.QuerySingleOrDefaultAsync<Brand?>(new CommandDefinition(
                $"""SELECT {Columns} FROM "brands" WHERE "id" = @id""", new { id }, cancellationToken: token)),
            ct);

    /// <summary>Every brand, by id.</summary>
    public Task<IReadOnlyList<Brand>> ListAsync(CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<Brand>>(
            async (connection, token) => (await connection.QueryAsync<Brand>(new CommandDefinition(
                $"""SELECT {Columns} FROM "brands" ORDER BY "id" """, cancellationToken: token))).AsList(),
            ct);

    /// <summary>
    /// Up to <paramref name="limit"/> brands whose id or name contains <paramref name="text"/>
    /// (case-insensitive for ASCII letters on every engine), by id: a search box over any number of brands.
    /// </summary>
    public Task<IReadOnlyList<Brand>> SearchAsync(string text, int limit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pattern = "%" + text.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
        return factory.ReadAsync<IReadOnlyList<Brand>>(
            async (connection, token) => (await connection.QueryAsync<Brand>(new CommandDefinition(
                $"""
                SELECT {Columns} FROM "brands"
                WHERE LOWER("id") LIKE @pattern ESCAPE '\' OR LOWER("name") LIKE @pattern ESCAPE '\'
                ORDER BY "id" LIMIT @limit
                """,
                new { pattern, limit },
                cancellationToken: token))).AsList(),
            ct);
    }

    /// <summary>Deletes the brand with its accounts and peer-set memberships; false when there was none.</summary>
    public Task<bool> DeleteAsync(string id, CancellationToken ct = default) =>
        factory.WriteAsync(
            async (connection, transaction, token) => await connection.ExecuteAsync(new CommandDefinition(
                """DELETE FROM "brands" WHERE "id" = @id""", new { id }, transaction, cancellationToken: token)) > 0,
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
