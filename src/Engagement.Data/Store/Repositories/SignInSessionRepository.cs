using System.Security.Cryptography;
using Dapper;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Repositories;

/// <summary>A valid sign-in session: the id of the key it stands for and when it ends.</summary>
public sealed record SignInSession(long KeyId, DateTimeOffset ExpiresAt);

/// <summary>
/// Server-side sign-in sessions (migration 6). The id is 256 random bits, given to the browser
/// once; only its SHA-256 is stored, so a copy of the database signs no one in.
/// </summary>
public sealed class SignInSessionRepository(IDbConnectionFactory factory)
{
    /// <summary>Starts a session for the key with this id; returns the session id for the cookie. Expired sessions are dropped on the way.</summary>
    public async Task<string> CreateAsync(long keyId, TimeSpan lifetime, CancellationToken ct = default)
    {
        var id = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = UtcMicros.FromDateTimeOffset(factory.Time.GetUtcNow());
        var expiresAt = now + (long)(lifetime.Ticks / TimeSpan.TicksPerMicrosecond);
        await factory.WriteAsync(
            async (connection, transaction, token) =>
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    """DELETE FROM "sign_in_sessions" WHERE "expires_at" <= @now""", new { now }, transaction, cancellationToken: token));
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO "sign_in_sessions" ("id_hash", "key_id", "created_at", "expires_at") VALUES (@idHash, @keyId, @now, @expiresAt)
                    """,
                    new { idHash = Hash(id), keyId, now, expiresAt },
                    transaction,
                    cancellationToken: token));
            },
            ct);
        return id;
    }

    /// <summary>The session, when it is neither expired nor revoked and its key is active; else null.</summary>
    public Task<SignInSession?> FindAsync(string id, CancellationToken ct = default)
    {
        var now = UtcMicros.FromDateTimeOffset(factory.Time.GetUtcNow());
        return factory.ReadAsync(
            async (connection, token) =>
            {
                var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                    """
                    SELECT s."key_id" AS "KeyId", s."expires_at" AS "ExpiresAt"
                    FROM "sign_in_sessions" s JOIN "api_keys" k ON k."id" = s."key_id"
                    WHERE s."id_hash" = @idHash AND s."revoked_at" IS NULL AND s."expires_at" > @now AND k."revoked_at" IS NULL
                    """,
                    new { idHash = Hash(id), now },
                    cancellationToken: token));
                return row is null
                    ? null
                    : new SignInSession(row.KeyId, UtcMicros.ToDateTimeOffset(row.ExpiresAt));
            },
            ct);
    }

    /// <summary>Ends the session now (sign-out); false when it was not active.</summary>
    public Task<bool> RevokeAsync(string id, CancellationToken ct = default)
    {
        var now = UtcMicros.FromDateTimeOffset(factory.Time.GetUtcNow());
        return factory.WriteAsync(
            async (connection, transaction, token) => await connection.ExecuteAsync(new CommandDefinition(
                """UPDATE "sign_in_sessions" SET "revoked_at" = @now WHERE "id_hash" = @idHash AND "revoked_at" IS NULL""",
                new { idHash = Hash(id), now },
                transaction,
                cancellationToken: token)) > 0,
            ct);
    }

    private static string Hash(string id) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed class Row
    {
        public long KeyId { get; init; }

        public long ExpiresAt { get; init; }
    }
}
