using Dapper;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Repositories;

/// <summary>What an API key may do: read reports, or also change the store.</summary>
public enum ApiKeyScope
{
    Read,
    Admin,
}

/// <summary>A stored API key: only the hash of the secret is kept.</summary>
public sealed record ApiKey(long Id, string Name, ApiKeyScope Scope, string KeyHash, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public bool IsActive => RevokedAt is null;
}

/// <summary>API keys by name and by hash; revoking keeps the row so the name stays taken and the history stays.</summary>
public sealed class ApiKeyRepository(IDbConnectionFactory factory)
{
    private const string Columns = """ "id" AS "Id", "name" AS "Name", "scope" AS "Scope", "key_hash" AS "KeyHash", "created_at" AS "CreatedAt", "revoked_at" AS "RevokedAt" """;

    /// <summary>Stores a new key created now; a name or hash already used is a <see cref="DomainException"/>.</summary>
    public async Task<ApiKey> InsertAsync(string name, ApiKeyScope scope, string keyHash, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(keyHash);
        var createdAt = UtcMicros.FromDateTimeOffset(factory.Time.GetUtcNow());
        try
        {
            var row = await factory.WriteAsync(
                (connection, transaction, token) => connection.QuerySingleAsync<Row>(new CommandDefinition(
                    $"""
                    INSERT INTO "api_keys" ("name", "scope", "key_hash", "created_at") VALUES (@name, @scope, @keyHash, @createdAt)
                    RETURNING {Columns}
                    """,
                    new { name, scope = ScopeText(scope), keyHash, createdAt },
                    transaction,
                    cancellationToken: token)),
                ct);
            return row.ToApiKey();
        }
        catch (Exception error) when (factory.Dialect.IsUniqueViolation(error))
        {
            throw new DomainException($"an API key named '{name}' (or with the same secret) already exists");
        }
    }

    /// <summary>The key with this hash, revoked or not (the caller checks <see cref="ApiKey.IsActive"/>).</summary>
    public Task<ApiKey?> FindByHashAsync(string keyHash, CancellationToken ct = default) =>
        factory.ReadAsync(
            async (connection, token) => (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                $"""SELECT {Columns} FROM "api_keys" WHERE "key_hash" = @keyHash""", new { keyHash }, cancellationToken: token)))?.ToApiKey(),
            ct);

    /// <summary>Every key by name.</summary>
    public Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<ApiKey>>(
            async (connection, token) => (await connection.QueryAsync<Row>(new CommandDefinition(
                $"""SELECT {Columns} FROM "api_keys" ORDER BY "name" """, cancellationToken: token))).Select(row => row.ToApiKey()).ToList(),
            ct);

    /// <summary>Revokes the named key now; false when there is no such active key.</summary>
    public Task<bool> RevokeAsync(string name, CancellationToken ct = default)
    {
        var revokedAt = UtcMicros.FromDateTimeOffset(factory.Time.GetUtcNow());
        return factory.WriteAsync(
            async (connection, transaction, token) => await connection.ExecuteAsync(new CommandDefinition(
                """UPDATE "api_keys" SET "revoked_at" = @revokedAt WHERE "name" = @name AND "revoked_at" IS NULL""",
                new { name, revokedAt },
                transaction,
                cancellationToken: token)) > 0,
            ct);
    }

    private static string ScopeText(ApiKeyScope scope) => scope == ApiKeyScope.Admin ? "admin" : "read";

    private sealed class Row
    {
        public long Id { get; init; }

        public string Name { get; init; } = "";

        public string Scope { get; init; } = "";

        public string KeyHash { get; init; } = "";

        public long CreatedAt { get; init; }

        public long? RevokedAt { get; init; }

        public ApiKey ToApiKey() => new(
            Id,
            Name,
            Scope == "admin" ? ApiKeyScope.Admin : ApiKeyScope.Read,
            KeyHash,
            UtcMicros.ToDateTimeOffset(CreatedAt),
            RevokedAt is { } revoked ? UtcMicros.ToDateTimeOffset(revoked) : null);
    }
}
