using System.Data.Common;
using Dapper;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Audit;

/// <summary>One write through the API: who (key), what (method and route), on what (path), its outcome, when and from where.</summary>
public sealed record AuditEntry(
    long Id,
    DateTimeOffset At,
    string Workspace,
    long? KeyId,
    string? KeyName,
    string Action,
    string Target,
    int? Status,
    string? RemoteAddress);

/// <summary>
/// The write a request is making, set for the request's flow by the API. The store records it in
/// the transaction of the request's first write (<see cref="StoreOperations.WriteAsync{T}"/>), so
/// a write that commits is never without its entry; the API completes the entry with the
/// response's status, or records it alone when the request wrote nothing (refused, invalid).
/// </summary>
public sealed class AuditScope(string workspace, long? keyId, string? keyName, string action, string target, string? remoteAddress)
{
    private static readonly AsyncLocal<AuditScope?> Ambient = new();

    /// <summary>The scope of the current flow, if a request set one.</summary>
    public static AuditScope? Current
    {
        get => Ambient.Value;
        set => Ambient.Value = value;
    }

    public string Workspace { get; } = workspace;

    public long? KeyId { get; } = keyId;

    public string? KeyName { get; } = keyName;

    public string Action { get; } = action;

    public string Target { get; } = target;

    public string? RemoteAddress { get; } = remoteAddress;

    /// <summary>The entry recorded with the request's first committed write; null while nothing was written.</summary>
    public long? RecordedId { get; private set; }

    internal void Committed(long id) => RecordedId ??= id;
}

/// <summary>The audit log (migration 7): appended by writes, read newest first.</summary>
public sealed class AuditLogRepository(IDbConnectionFactory factory)
{
    private const string Columns = """
        "id" AS "Id", "at" AS "At", "workspace" AS "Workspace", "key_id" AS "KeyId", "key_name" AS "KeyName", "action" AS "Action",
        "target" AS "Target", "status" AS "Status", "remote_address" AS "RemoteAddress"
        """;

    /// <summary>Completes the scope's entry with the response's status, or records it now when no write recorded it.</summary>
    public async Task FinishAsync(AuditScope scope, int status, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);

        // This write is the entry itself: the flow's scope must not record it a second time.
        AuditScope.Current = null;
        await factory.WriteAsync(
            async (connection, transaction, token) =>
            {
                if (scope.RecordedId is { } id)
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        """UPDATE "audit_log" SET "status" = @status WHERE "id" = @id""", new { status, id }, transaction, cancellationToken: token));
                }
                else
                {
                    await InsertAsync(connection, transaction, scope, status, factory.Time, token);
                }
            },
            ct);
    }

    /// <summary>
    /// Entries newest first: those of <paramref name="workspace"/> (every workspace's when null),
    /// older than <paramref name="beforeId"/> when given, at most <paramref name="limit"/>.
    /// </summary>
    public Task<IReadOnlyList<AuditEntry>> ListAsync(string? workspace, long? beforeId, int limit, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<AuditEntry>>(
            async (connection, token) => (await connection.QueryAsync<Row>(new CommandDefinition(
                $"""
                SELECT {Columns} FROM "audit_log"
                WHERE (@workspace IS NULL OR "workspace" = @workspace) AND (@beforeId IS NULL OR "id" < @beforeId)
                ORDER BY "id" DESC LIMIT @limit
                """,
                new { workspace, beforeId, limit },
                cancellationToken: token))).Select(row => row.ToEntry()).ToList(),
            ct);

    internal static Task<long> InsertAsync(
        DbConnection connection, DbTransaction transaction, AuditScope scope, int? status, TimeProvider time, CancellationToken ct) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO "audit_log" ("at", "workspace", "key_id", "key_name", "action", "target", "status", "remote_address")
            VALUES (@at, @Workspace, @KeyId, @KeyName, @Action, @Target, @status, @RemoteAddress)
            RETURNING "id"
            """,
            new
            {
                at = UtcMicros.FromDateTimeOffset(time.GetUtcNow()),
                scope.Workspace,
                scope.KeyId,
                scope.KeyName,
                scope.Action,
                scope.Target,
                status,
                scope.RemoteAddress,
            },
            transaction,
            cancellationToken: ct));

    private sealed class Row
    {
        public long Id { get; init; }

        public long At { get; init; }

        public string Workspace { get; init; } = "";

        public long? KeyId { get; init; }

        public string? KeyName { get; init; }

        public string Action { get; init; } = "";

        public string Target { get; init; } = "";

        public long? Status { get; init; }

        public string? RemoteAddress { get; init; }

        public AuditEntry ToEntry() =>
            new(Id, UtcMicros.ToDateTimeOffset(At), Workspace, KeyId, KeyName, Action, Target, Status is { } s ? (int)s : null, RemoteAddress);
    }
}
