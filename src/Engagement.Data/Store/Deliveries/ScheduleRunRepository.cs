using Dapper;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Deliveries;

/// <summary>
/// The runs of schedules, one row per (schedule, period) and never two (UNIQUE). An instance claims
/// a due run with a lease (<see cref="TryClaimAsync"/>), renders its files, then
/// <see cref="CompleteAsync"/> stores them and queues the deliveries in the transaction that marks
/// the run done, after checking it still holds the lease. So however many instances run and
/// whenever one dies, a period's deliveries are queued exactly once; a run whose owner died is
/// taken over once its lease expires.
/// </summary>
public sealed class ScheduleRunRepository(IDbConnectionFactory factory)
{
    private const string Columns = """
        "id" AS "Id", "schedule_id" AS "ScheduleId", "period" AS "Period", "due_at" AS "DueAt", "status" AS "Status",
        "finished_at" AS "FinishedAt", "error" AS "Error"
        """;

    /// <summary>
    /// Claims the run of <paramref name="period"/> for <paramref name="owner"/>: a new run, or one left
    /// running by an owner whose lease expired. Returns its id, or null when the run is done, failed
    /// or held by another instance.
    /// </summary>
    public Task<long?> TryClaimAsync(long scheduleId, string period, DateTimeOffset dueAt, string owner, TimeSpan lease, CancellationToken ct = default)
    {
        var now = factory.Time.GetUtcNow();
        var parameters = new
        {
            scheduleId,
            period,
            DueAt = UtcMicros.FromDateTimeOffset(dueAt),
            owner,
            Now = UtcMicros.FromDateTimeOffset(now),
            ExpiresAt = UtcMicros.FromDateTimeOffset(now + lease),
        };
        return factory.WriteAsync(
            (connection, transaction, token) => connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
                """
                INSERT INTO "schedule_runs" ("schedule_id", "period", "due_at", "status", "owner", "lease_expires_at")
                VALUES (@scheduleId, @period, @DueAt, 'running', @owner, @ExpiresAt)
                ON CONFLICT ("schedule_id", "period") DO UPDATE SET "owner" = @owner, "lease_expires_at" = @ExpiresAt
                WHERE "schedule_runs"."status" = 'running' AND "schedule_runs"."lease_expires_at" <= @Now
                RETURNING "id"
                """,
                parameters,
                transaction,
                cancellationToken: token)),
            ct);
    }

    /// <summary>
    /// Marks the run done, stores its files and queues its deliveries, in one transaction, if
    /// <paramref name="owner"/> still holds its lease; false (nothing stored) when it lost it.
    /// </summary>
    public Task<bool> CompleteAsync(
        long runId, string owner, string workspace, IReadOnlyList<RunFile> files, IReadOnlyList<NewDelivery> deliveries, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(deliveries);
        var now = factory.Time.GetUtcNow();
        return factory.WriteAsync(
            async (connection, transaction, token) =>
            {
                if (!await FinishAsync(connection, transaction, runId, owner, "done", null, now, token))
                {
                    return false;
                }

                foreach (var file in files)
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        """INSERT INTO "run_files" ("run_id", "name", "content_type", "content") VALUES (@runId, @Name, @ContentType, @Content)""",
                        new { runId, file.Name, file.ContentType, file.Content },
                        transaction,
                        cancellationToken: token));
                }

                await DeliveryRepository.EnqueueAsync(connection, transaction, workspace, runId, null, deliveries, now, token);
                return true;
            },
            ct);
    }

    /// <summary>Marks the run failed with the reason (shown in the run list); false when <paramref name="owner"/> lost its lease.</summary>
    public Task<bool> FailAsync(long runId, string owner, string error, CancellationToken ct = default)
    {
        var now = factory.Time.GetUtcNow();
        return factory.WriteAsync((connection, transaction, token) => FinishAsync(connection, transaction, runId, owner, "failed", error, now, token), ct);
    }

    /// <summary>The schedule's runs, newest first.</summary>
    public Task<IReadOnlyList<ScheduleRun>> ListAsync(long scheduleId, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<ScheduleRun>>(
            async (connection, token) => (await connection.QueryAsync<Row>(new CommandDefinition(
                    $"""SELECT {Columns} FROM "schedule_runs" WHERE "schedule_id" = @scheduleId ORDER BY "id" DESC""",
                    new { scheduleId },
                    cancellationToken: token)))
                .Select(row => row.ToRun()).ToList(),
            ct);

    /// <summary>The files of a run, by name.</summary>
    public Task<IReadOnlyList<RunFile>> FilesAsync(long runId, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<RunFile>>(
            async (connection, token) => (await connection.QueryAsync<(string Name, string ContentType, byte[] Content)>(new CommandDefinition(
                    """SELECT "name", "content_type", "content" FROM "run_files" WHERE "run_id" = @runId ORDER BY "name" """,
                    new { runId },
                    cancellationToken: token)))
                .Select(file => new RunFile(file.Name, file.ContentType, file.Content)).ToList(),
            ct);

    private static async Task<bool> FinishAsync(
        System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, long runId, string owner, string status, string? error, DateTimeOffset now, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE "schedule_runs" SET "status" = @status, "error" = @error, "finished_at" = @now, "owner" = NULL, "lease_expires_at" = NULL
            WHERE "id" = @runId AND "owner" = @owner AND "status" = 'running' AND "lease_expires_at" > @now
            """,
            new { runId, owner, status, error, now = UtcMicros.FromDateTimeOffset(now) },
            transaction,
            cancellationToken: ct)) > 0;

    // Also the last run of ScheduleRepository.ListWithLastRunAsync.
    internal sealed class Row
    {
        public long Id { get; init; }

        public long ScheduleId { get; init; }

        public string Period { get; init; } = "";

        public long DueAt { get; init; }

        public string Status { get; init; } = "";

        public long? FinishedAt { get; init; }

        public string? Error { get; init; }

        public ScheduleRun ToRun() => new(Id, ScheduleId, Period, UtcMicros.ToDateTimeOffset(DueAt), Status, StoredLists.Instant(FinishedAt), Error);
    }
}
