using System.Data.Common;
using Dapper;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Deliveries;

/// <summary>How one attempt at a delivery ended.</summary>
public enum AttemptOutcome
{
    Delivered,

    /// <summary>Failed, tried again at <see cref="DeliveryRepository.RecordAttemptAsync"/>'s retryAt.</summary>
    Retry,

    /// <summary>Failed for good: a permanent refusal, or the last attempt.</summary>
    Failed,
}

/// <summary>
/// The outbox of reports and alerts and its log (migration 9). Deliveries are queued inside the
/// transaction that records their cause (a run, an alert occurrence). An instance claims due ones
/// under a lease (<see cref="ClaimDueAsync"/>, <c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL), sends
/// them, and records each attempt (<see cref="RecordAttemptAsync"/>) only while it still holds the lease.
/// </summary>
public sealed class DeliveryRepository(IDbConnectionFactory factory)
{
    private const string Columns = """
        "id" AS "Id", "workspace" AS "Workspace", "run_id" AS "RunId", "occurrence_id" AS "OccurrenceId", "event" AS "Event",
        "channel" AS "Channel", "target" AS "Target", "signing_secret" AS "SigningSecret", "subject" AS "Subject", "payload" AS "Payload",
        "status" AS "Status", "attempts" AS "Attempts", "next_attempt_at" AS "NextAttemptAt", "created_at" AS "CreatedAt",
        "finished_at" AS "FinishedAt", "last_error" AS "LastError"
        """;

    private readonly ISqlDialect _dialect = factory.Dialect;

    /// <summary>Queues <paramref name="deliveries"/>, due now, inside the caller's transaction.</summary>
    public static async Task EnqueueAsync(
        DbConnection connection, DbTransaction transaction, string workspace, long? runId, long? occurrenceId,
        IEnumerable<NewDelivery> deliveries, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        var at = UtcMicros.FromDateTimeOffset(now);
        foreach (var delivery in deliveries)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO "deliveries" ("workspace", "run_id", "occurrence_id", "event", "channel", "target", "signing_secret", "subject", "payload",
                    "status", "attempts", "next_attempt_at", "created_at")
                VALUES (@workspace, @runId, @occurrenceId, @Event, @Channel, @Target, @SigningSecret, @Subject, @Payload, 'pending', 0, @at, @at)
                """,
                new { workspace, runId, occurrenceId, delivery.Event, delivery.Channel, delivery.Target, delivery.SigningSecret, delivery.Subject, delivery.Payload, at },
                transaction,
                cancellationToken: ct));
        }
    }

    /// <summary>Claims up to <paramref name="max"/> pending deliveries due now that no live lease holds, oldest first.</summary>
    public Task<IReadOnlyList<Delivery>> ClaimDueAsync(string owner, int max, TimeSpan lease, CancellationToken ct = default)
    {
        var now = factory.Time.GetUtcNow();
        var parameters = new
        {
            owner,
            max,
            Now = UtcMicros.FromDateTimeOffset(now),
            ExpiresAt = UtcMicros.FromDateTimeOffset(now + lease),
        };
        var sql = $"""
            UPDATE "deliveries" SET "owner" = @owner, "lease_expires_at" = @ExpiresAt
            WHERE "id" IN (
                SELECT d."id" FROM "deliveries" d
                WHERE d."status" = 'pending' AND d."next_attempt_at" <= @Now AND (d."owner" IS NULL OR d."lease_expires_at" <= @Now)
                ORDER BY d."next_attempt_at", d."id"
                LIMIT @max
                {_dialect.ForUpdateSkipLocked("d")})
            RETURNING {Columns}
            """;
        return factory.WriteAsync<IReadOnlyList<Delivery>>(
            async (connection, transaction, token) => (await connection.QueryAsync<Row>(new CommandDefinition(sql, parameters, transaction, cancellationToken: token)))
                .Select(row => row.ToDelivery()).OrderBy(d => d.Id).ToList(),
            ct);
    }

    /// <summary>
    /// Records an attempt and its outcome if <paramref name="owner"/> still holds the delivery, and
    /// gives the lease back; false when the lease was lost (another instance may be sending it).
    /// </summary>
    public Task<bool> RecordAttemptAsync(
        long id, string owner, AttemptOutcome outcome, int? statusCode, string? error, DateTimeOffset? retryAt, CancellationToken ct = default)
    {
        var now = factory.Time.GetUtcNow();
        var parameters = new
        {
            id,
            owner,
            Status = outcome switch { AttemptOutcome.Delivered => "delivered", AttemptOutcome.Retry => "pending", _ => "failed" },
            Next = outcome == AttemptOutcome.Retry ? StoredLists.Micros(retryAt ?? now) : null,
            Finished = outcome == AttemptOutcome.Retry ? (long?)null : UtcMicros.FromDateTimeOffset(now),
            Now = UtcMicros.FromDateTimeOffset(now),
            statusCode,
            error,
        };
        return factory.WriteAsync(
            async (connection, transaction, token) =>
            {
                var attempt = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
                    """
                    UPDATE "deliveries" SET "attempts" = "attempts" + 1, "status" = @Status, "next_attempt_at" = @Next, "finished_at" = @Finished,
                        "last_error" = @error, "owner" = NULL, "lease_expires_at" = NULL
                    WHERE "id" = @id AND "owner" = @owner AND "status" = 'pending' AND "lease_expires_at" > @Now
                    RETURNING "attempts"
                    """,
                    parameters,
                    transaction,
                    cancellationToken: token));
                if (attempt is null)
                {
                    return false;
                }

                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO "delivery_attempts" ("delivery_id", "attempt", "attempted_at", "status_code", "error")
                    VALUES (@id, @attempt, @Now, @statusCode, @error)
                    """,
                    new { id, attempt, parameters.Now, statusCode, error },
                    transaction,
                    cancellationToken: token));
                return true;
            },
            ct);
    }

    /// <summary>The workspace's deliveries, newest first, after (below) <paramref name="beforeId"/> when given.</summary>
    public Task<IReadOnlyList<Delivery>> ListAsync(string workspace, long? beforeId, int limit, long? runId = null, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<Delivery>>(
            async (connection, token) => (await connection.QueryAsync<Row>(new CommandDefinition(
                    $"""
                    SELECT {Columns} FROM "deliveries"
                    WHERE "workspace" = @workspace AND (@beforeId IS NULL OR "id" < @beforeId) AND (@runId IS NULL OR "run_id" = @runId)
                    ORDER BY "id" DESC LIMIT @limit
                    """,
                    new { workspace, beforeId, limit, runId },
                    cancellationToken: token)))
                .Select(row => row.ToDelivery()).ToList(),
            ct);

    /// <summary>One delivery of the workspace, or null.</summary>
    public Task<Delivery?> GetAsync(string workspace, long id, CancellationToken ct = default) =>
        factory.ReadAsync(
            async (connection, token) => (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                $"""SELECT {Columns} FROM "deliveries" WHERE "workspace" = @workspace AND "id" = @id""",
                new { workspace, id },
                cancellationToken: token)))?.ToDelivery(),
            ct);

    /// <summary>The attempts at a delivery, first first.</summary>
    public Task<IReadOnlyList<DeliveryAttempt>> AttemptsAsync(long id, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<DeliveryAttempt>>(
            async (connection, token) => (await connection.QueryAsync<(long Attempt, long AttemptedAt, long? StatusCode, string? Error)>(new CommandDefinition(
                    """
                    SELECT "attempt", "attempted_at", "status_code", "error" FROM "delivery_attempts" WHERE "delivery_id" = @id ORDER BY "attempt"
                    """,
                    new { id },
                    cancellationToken: token)))
                .Select(a => new DeliveryAttempt((int)a.Attempt, UtcMicros.ToDateTimeOffset(a.AttemptedAt), (int?)a.StatusCode, a.Error)).ToList(),
            ct);

    private sealed class Row
    {
        public long Id { get; init; }

        public string Workspace { get; init; } = "";

        public long? RunId { get; init; }

        public long? OccurrenceId { get; init; }

        public string Event { get; init; } = "";

        public string Channel { get; init; } = "";

        public string Target { get; init; } = "";

        public string SigningSecret { get; init; } = "";

        public string Subject { get; init; } = "";

        public string Payload { get; init; } = "";

        public string Status { get; init; } = "";

        public long Attempts { get; init; }

        public long? NextAttemptAt { get; init; }

        public long CreatedAt { get; init; }

        public long? FinishedAt { get; init; }

        public string? LastError { get; init; }

        public Delivery ToDelivery() => new(
            Id, Workspace, RunId, OccurrenceId, Event, Channel, Target, SigningSecret, Subject, Payload, Status, (int)Attempts,
            StoredLists.Instant(NextAttemptAt), UtcMicros.ToDateTimeOffset(CreatedAt), StoredLists.Instant(FinishedAt), LastError);
    }
}
