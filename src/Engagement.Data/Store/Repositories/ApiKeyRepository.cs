using Dapper;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Repositories;

/// <summary>
/// What a key may do, each role including the ones before it: read (viewer); change brands,
/// accounts, peer sets and imports (editor); manage the workspace's keys and read its audit log
/// (owner); and, server-wide, workspaces and every workspace's keys (admin, the operators' key).
/// </summary>
public enum ApiKeyRole
{
    Viewer,
    Editor,
    Owner,
    Admin,
}

/// <summary>Role names as the store, the CLI and the API spell them.</summary>
public static class ApiKeyRoles
{
    public static IReadOnlyList<string> Names { get; } = ["viewer", "editor", "owner", "admin"];

    public static string Text(ApiKeyRole role) => role.ToString().ToLowerInvariant();

    public static ApiKeyRole Parse(string text) => text switch
    {
        "viewer" => ApiKeyRole.Viewer,
        "editor" => ApiKeyRole.Editor,
        "owner" => ApiKeyRole.Owner,
        "admin" => ApiKeyRole.Admin,
        _ => throw new DomainException($"unknown role '{text}': use viewer, editor, owner or admin"),
    };
}

/// <summary>What a new key is granted: its workspace, role, the brands it is restricted to (none: all the workspace's) and its expiry.</summary>
public sealed record ApiKeyGrant(string Workspace, ApiKeyRole Role, IReadOnlyList<string>? Brands = null, DateTimeOffset? ExpiresAt = null)
{
    /// <summary>The server-wide admin; its own workspace, for brand routes, is <c>default</c>.</summary>
    public static ApiKeyGrant Admin { get; } = new(WorkspaceRepository.Default, ApiKeyRole.Admin);

    /// <summary>A viewer of <c>default</c>, what a read key was before workspaces.</summary>
    public static ApiKeyGrant Viewer { get; } = new(WorkspaceRepository.Default, ApiKeyRole.Viewer);
}

/// <summary>A stored API key: only the hash of the secret is kept.</summary>
public sealed record ApiKey(
    long Id,
    string Workspace,
    string Name,
    ApiKeyRole Role,
    IReadOnlyList<string>? Brands,
    string KeyHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt)
{
    /// <summary>Neither revoked nor expired at <paramref name="now"/>.</summary>
    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is not { } expires || expires > now);
}

/// <summary>
/// API keys by workspace and name, by id and by hash; revoking keeps the row so the name stays
/// taken and the history stays. A key is looked up on every request, so a revocation holds at
/// once on every instance.
/// </summary>
public sealed class ApiKeyRepository(IDbConnectionFactory factory)
{
    private const string Columns = """
         "id" AS "Id", "workspace" AS "Workspace", "name" AS "Name", "role" AS "Role", "brands" AS "Brands", "key_hash" AS "KeyHash",
         "created_at" AS "CreatedAt", "expires_at" AS "ExpiresAt", "last_used_at" AS "LastUsedAt", "revoked_at" AS "RevokedAt"
        """;

    /// <summary>Stores a new key created now; a name taken in the workspace, or a hash already used, is a <see cref="DomainException"/>.</summary>
    public async Task<ApiKey> InsertAsync(string name, ApiKeyGrant grant, string keyHash, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentException.ThrowIfNullOrEmpty(keyHash);
        var createdAt = UtcMicros.FromDateTimeOffset(factory.Time.GetUtcNow());
        var brands = grant.Brands is { } list ? string.Join(',', list.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)) : null;
        var expiresAt = grant.ExpiresAt is { } expires ? UtcMicros.FromDateTimeOffset(expires) : (long?)null;
        try
        {
            var row = await factory.WriteAsync(
                async (connection, transaction, token) =>
                {
                    if (!await WorkspaceRepository.ExistsAsync(connection, transaction, grant.Workspace, token))
                    {
                        throw new NotFoundException($"unknown workspace '{grant.Workspace}'");
                    }

                    return await connection.QuerySingleAsync<Row>(new CommandDefinition(
                        $"""
                        INSERT INTO "api_keys" ("workspace", "name", "role", "brands", "key_hash", "created_at", "expires_at")
                        VALUES (@workspace, @name, @role, @brands, @keyHash, @createdAt, @expiresAt)
                        RETURNING {Columns}
                        """,
                        new { workspace = grant.Workspace, name, role = ApiKeyRoles.Text(grant.Role), brands, keyHash, createdAt, expiresAt },
                        transaction,
                        cancellationToken: token));
                },
                ct);
            return row.ToApiKey();
        }
        catch (Exception error) when (factory.Dialect.IsUniqueViolation(error))
        {
            throw new DomainException($"an API key named '{name}' already exists in workspace '{grant.Workspace}'");
        }
    }

    /// <summary>The key with this hash, revoked or not (the caller checks <see cref="ApiKey.IsActiveAt"/>).</summary>
    public Task<ApiKey?> FindByHashAsync(string keyHash, CancellationToken ct = default) =>
        factory.ReadAsync(
            async (connection, token) => (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                $"""SELECT {Columns} FROM "api_keys" WHERE "key_hash" = @keyHash""", new { keyHash }, cancellationToken: token)))?.ToApiKey(),
            ct);

    /// <summary>The key with this id, when it belongs to <paramref name="workspace"/> (any workspace when null).</summary>
    public Task<ApiKey?> GetAsync(long id, string? workspace, CancellationToken ct = default) =>
        factory.ReadAsync(
            async (connection, token) => (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                $"""SELECT {Columns} FROM "api_keys" WHERE "id" = @id AND (@workspace IS NULL OR "workspace" = @workspace)""",
                new { id, workspace },
                cancellationToken: token)))?.ToApiKey(),
            ct);

    /// <summary>The keys of <paramref name="workspace"/> (every workspace's when null) by workspace and name.</summary>
    public Task<IReadOnlyList<ApiKey>> ListAsync(string? workspace = null, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<ApiKey>>(
            async (connection, token) => (await connection.QueryAsync<Row>(new CommandDefinition(
                $"""SELECT {Columns} FROM "api_keys" WHERE @workspace IS NULL OR "workspace" = @workspace ORDER BY "workspace", "name" """,
                new { workspace },
                cancellationToken: token))).Select(row => row.ToApiKey()).ToList(),
            ct);

    /// <summary>Revokes the named key of the workspace now; false when there is no such active key.</summary>
    public Task<bool> RevokeAsync(string workspace, string name, CancellationToken ct = default) =>
        RevokeWhereAsync(""" "workspace" = @workspace AND "name" = @name """, new { workspace, name }, ct);

    /// <summary>Revokes the key with this id (within <paramref name="workspace"/> unless null) now; false when there is no such active key.</summary>
    public Task<bool> RevokeAsync(long id, string? workspace, CancellationToken ct = default) =>
        RevokeWhereAsync(""" "id" = @id AND (@workspace IS NULL OR "workspace" = @workspace) """, new { id, workspace }, ct);

    /// <summary>
    /// Records that the key was used now. Callers throttle it (a write per request would queue
    /// every request behind the store's writer); it never moves the time backwards.
    /// </summary>
    public Task TouchAsync(long id, DateTimeOffset now, CancellationToken ct = default)
    {
        var at = UtcMicros.FromDateTimeOffset(now);
        return factory.WriteAsync(
            (connection, transaction, token) => connection.ExecuteAsync(new CommandDefinition(
                """UPDATE "api_keys" SET "last_used_at" = @at WHERE "id" = @id AND ("last_used_at" IS NULL OR "last_used_at" < @at)""",
                new { id, at },
                transaction,
                cancellationToken: token)),
            ct);
    }

    private Task<bool> RevokeWhereAsync(string where, object parameters, CancellationToken ct)
    {
        var revokedAt = UtcMicros.FromDateTimeOffset(factory.Time.GetUtcNow());
        var arguments = new DynamicParameters(parameters);
        arguments.Add("revokedAt", revokedAt);
        return factory.WriteAsync(
            async (connection, transaction, token) => await connection.ExecuteAsync(new CommandDefinition(
                $"""UPDATE "api_keys" SET "revoked_at" = @revokedAt WHERE {where} AND "revoked_at" IS NULL""",
                arguments,
                transaction,
                cancellationToken: token)) > 0,
            ct);
    }

    private sealed class Row
    {
        public long Id { get; init; }

        public string Workspace { get; init; } = "";

        public string Name { get; init; } = "";

        public string Role { get; init; } = "";

        public string? Brands { get; init; }

        public string KeyHash { get; init; } = "";

        public long CreatedAt { get; init; }

        public long? ExpiresAt { get; init; }

        public long? LastUsedAt { get; init; }

        public long? RevokedAt { get; init; }

        public ApiKey ToApiKey() => new(
            Id,
            Workspace,
            Name,
            ApiKeyRoles.Parse(Role),
            Brands?.Split(',', StringSplitOptions.RemoveEmptyEntries),
            KeyHash,
            UtcMicros.ToDateTimeOffset(CreatedAt),
            Instant(ExpiresAt),
            Instant(LastUsedAt),
            Instant(RevokedAt));

        private static DateTimeOffset? Instant(long? micros) => micros is { } value ? UtcMicros.ToDateTimeOffset(value) : null;
    }
}
