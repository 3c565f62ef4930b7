using System.Security.Cryptography;
using Dapper;
using Engagement.Domain.Model;
using Engagement.Domain.Scheduling;

namespace Engagement.Data.Store.Deliveries;

/// <summary>Scheduled reports per workspace (migration 9). A schedule is read, created, replaced and deleted only within its workspace.</summary>
public sealed class ScheduleRepository(IDbConnectionFactory factory)
{
    private const string Columns = """
        "id" AS "Id", "workspace" AS "Workspace", "name" AS "Name", "cadence" AS "Cadence", "time_zone" AS "TimeZone", "hour" AS "Hour",
        "brands" AS "Brands", "benchmark" AS "Benchmark", "formats" AS "Formats", "webhook_url" AS "WebhookUrl", "emails" AS "Emails",
        "signing_secret" AS "SigningSecret", "created_at" AS "CreatedAt", "owed_from" AS "OwedFrom"
        """;

    /// <summary>A webhook signing secret: 256 random bits, <c>whsec_</c> then base64url.</summary>
    public static string NewSigningSecret() =>
        "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Stores a new schedule; a name already used in the workspace is a <see cref="DomainException"/>.</summary>
    public async Task<Schedule> InsertAsync(NewSchedule schedule, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var parameters = Fields(schedule);
        parameters.Add("SigningSecret", NewSigningSecret());
        parameters.Add("CreatedAt", UtcMicros.FromDateTimeOffset(factory.Time.GetUtcNow()));
        try
        {
            return await factory.WriteAsync(
                async (connection, transaction, token) => (await connection.QuerySingleAsync<Row>(new CommandDefinition(
                    $"""
                    INSERT INTO "schedules" ("workspace", "name", "cadence", "time_zone", "hour", "brands", "benchmark", "formats", "webhook_url", "emails", "signing_secret", "created_at", "owed_from")
                    VALUES (@Workspace, @Name, @Cadence, @TimeZone, @Hour, @Brands, @Benchmark, @Formats, @WebhookUrl, @Emails, @SigningSecret, @CreatedAt, @CreatedAt)
                    RETURNING {Columns}
                    """,
                    parameters,
                    transaction,
                    cancellationToken: token))).ToSchedule(),
                ct);
        }
        catch (Exception error) when (factory.Dialect.IsUniqueViolation(error))
        {
            throw NameTaken(schedule);
        }
    }

    /// <summary>
    /// Replaces what the schedule reports, when and to whom; its id, secret, creation time and runs
    /// stay. Before its first run, the period it owed stays owed under the new timing
    /// (<see cref="ScheduleCalendar.OwedFromAfterEdit"/>). Null when its workspace has no such
    /// schedule; a name another schedule of the workspace uses is a <see cref="DomainException"/>.
    /// </summary>
    public async Task<Schedule?> UpdateAsync(long id, NewSchedule schedule, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var parameters = Fields(schedule);
        parameters.Add("id", id);
        try
        {
            return await factory.WriteAsync(
                async (connection, transaction, token) =>
                {
                    // An update that changes nothing locks the row on both engines, so two edits at
                    // once each start from what the other left (a SELECT would not wait on PostgreSQL).
                    var current = await connection.QuerySingleOrDefaultAsync<Timing>(new CommandDefinition(
                        """
                        UPDATE "schedules" SET "owed_from" = "owed_from" WHERE "workspace" = @Workspace AND "id" = @id
                        RETURNING "cadence" AS "Cadence", "time_zone" AS "TimeZone", "hour" AS "Hour", "owed_from" AS "OwedFrom",
                            CASE WHEN EXISTS (SELECT 1 FROM "schedule_runs" WHERE "schedule_id" = "schedules"."id") THEN 1 ELSE 0 END AS "HasRun"
                        """,
                        new { schedule.Workspace, id },
                        transaction,
                        cancellationToken: token));
                    if (current is null)
                    {
                        return null;
                    }

                    parameters.Add("OwedFrom", current.OwedFromAfter(schedule, factory.Time.GetUtcNow()));
                    return (await connection.QuerySingleAsync<Row>(new CommandDefinition(
                        $"""
                        UPDATE "schedules" SET "name" = @Name, "cadence" = @Cadence, "time_zone" = @TimeZone, "hour" = @Hour, "brands" = @Brands,
                            "benchmark" = @Benchmark, "formats" = @Formats, "webhook_url" = @WebhookUrl, "emails" = @Emails, "owed_from" = @OwedFrom
                        WHERE "workspace" = @Workspace AND "id" = @id
                        RETURNING {Columns}
                        """,
                        parameters,
                        transaction,
                        cancellationToken: token))).ToSchedule();
                },
                ct);
        }
        catch (Exception error) when (factory.Dialect.IsUniqueViolation(error))
        {
            throw NameTaken(schedule);
        }
    }

    /// <summary>The workspace's schedules by id (the runner reads every workspace's with <see cref="ListWithLastRunAsync"/>).</summary>
    public Task<IReadOnlyList<Schedule>> ListAsync(string workspace, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<Schedule>>(
            async (connection, token) => (await connection.QueryAsync<Row>(new CommandDefinition(
                    $"""SELECT {Columns} FROM "schedules" WHERE "workspace" = @workspace ORDER BY "id" """,
                    new { workspace },
                    cancellationToken: token)))
                .Select(row => row.ToSchedule()).ToList(),
            ct);

    /// <summary>
    /// Every workspace's schedules by id, each with its run that fell due last: what the runner
    /// needs on each tick, in one query however many schedules there are.
    /// </summary>
    public Task<IReadOnlyList<ScheduleWithLastRun>> ListWithLastRunAsync(CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<ScheduleWithLastRun>>(
            async (connection, token) => (await connection.QueryAsync<Row, ScheduleRunRepository.Row?, ScheduleWithLastRun>(
                    new CommandDefinition(
                        // The run's columns follow the schedule's, split at the second "Id" (its id is
                        // renamed apart from the schedule's inside); all null before a first run, which
                        // Dapper maps to a null run.
                        $"""
                        SELECT {Columns}, "run_id" AS "Id", "schedule_id" AS "ScheduleId", "period" AS "Period", "due_at" AS "DueAt",
                            "status" AS "Status", "finished_at" AS "FinishedAt", "error" AS "Error"
                        FROM (
                            SELECT "schedules".*, "last"."id" AS "run_id", "last"."schedule_id", "last"."period", "last"."due_at",
                                "last"."status", "last"."finished_at", "last"."error"
                            FROM "schedules"
                            LEFT JOIN "schedule_runs" AS "last" ON "last"."id" = (
                                SELECT "run"."id" FROM "schedule_runs" AS "run" WHERE "run"."schedule_id" = "schedules"."id"
                                ORDER BY "run"."due_at" DESC, "run"."id" DESC LIMIT 1)
                        ) AS "listed"
                        ORDER BY "listed"."id"
                        """,
                        cancellationToken: token),
                    (schedule, last) => new ScheduleWithLastRun(schedule.ToSchedule(), last?.ToRun()),
                    splitOn: "Id"))
                .ToList(),
            ct);

    /// <summary>The schedule with this id in this workspace, or null (also when it belongs to another workspace).</summary>
    public Task<Schedule?> GetAsync(string workspace, long id, CancellationToken ct = default) =>
        factory.ReadAsync(
            async (connection, token) => (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                $"""SELECT {Columns} FROM "schedules" WHERE "workspace" = @workspace AND "id" = @id""",
                new { workspace, id },
                cancellationToken: token)))?.ToSchedule(),
            ct);

    /// <summary>Deletes the schedule with its runs, files and deliveries; false when the workspace has no such schedule.</summary>
    public Task<bool> DeleteAsync(string workspace, long id, CancellationToken ct = default) =>
        factory.WriteAsync(
            async (connection, transaction, token) => await connection.ExecuteAsync(new CommandDefinition(
                """DELETE FROM "schedules" WHERE "workspace" = @workspace AND "id" = @id""", new { workspace, id }, transaction, cancellationToken: token)) > 0,
            ct);

    // What insert and update say when another schedule of the workspace has the name.
    private static DomainException NameTaken(NewSchedule schedule) =>
        new($"a schedule named '{schedule.Name}' already exists in workspace '{schedule.Workspace}'");

    // The stored columns of what a request says, shared by insert and update.
    private static DynamicParameters Fields(NewSchedule schedule)
    {
        var fields = new DynamicParameters();
        fields.AddDynamicParams(new
        {
            schedule.Workspace,
            schedule.Name,
            Cadence = ScheduleCalendar.Text(schedule.Cadence),
            schedule.TimeZone,
            schedule.Hour,
            Brands = StoredLists.Join(schedule.Brands),
            schedule.Benchmark,
            Formats = StoredLists.Join(schedule.Formats),
            schedule.Targets.WebhookUrl,
            Emails = StoredLists.Join(schedule.Targets.Emails),
        });
        return fields;
    }

    // A stored schedule's timing before an edit, and whether it has run.
    private sealed class Timing
    {
        public string Cadence { get; init; } = "";

        public string TimeZone { get; init; } = "";

        public long Hour { get; init; }

        public long OwedFrom { get; init; }

        public long HasRun { get; init; }

        public long OwedFromAfter(NewSchedule edit, DateTimeOffset now)
        {
            if (HasRun != 0)
            {
                // The runner compares with the last run from here on (a period behind it is not sent).
                return OwedFrom;
            }

            try
            {
                var before = new ScheduleTiming(ScheduleCalendar.ParseCadence(Cadence), ScheduleCalendar.Zone(TimeZone), (int)Hour);
                var after = new ScheduleTiming(edit.Cadence, ScheduleCalendar.Zone(edit.TimeZone), edit.Hour);
                return UtcMicros.FromDateTimeOffset(ScheduleCalendar.OwedFromAfterEdit(before, after, UtcMicros.ToDateTimeOffset(OwedFrom), now));
            }
            catch (DomainException)
            {
                // The host lost the old zone's data: nothing was owed that it could place in time.
                return OwedFrom;
            }
        }
    }

    private sealed class Row
    {
        public long Id { get; init; }

        public string Workspace { get; init; } = "";

        public string Name { get; init; } = "";

        public string Cadence { get; init; } = "";

        public string TimeZone { get; init; } = "";

        public long Hour { get; init; }

        public string Brands { get; init; } = "";

        public string Benchmark { get; init; } = "";

        public string Formats { get; init; } = "";

        public string? WebhookUrl { get; init; }

        public string Emails { get; init; } = "";

        public string SigningSecret { get; init; } = "";

        public long CreatedAt { get; init; }

        public long OwedFrom { get; init; }

        public Schedule ToSchedule() => new(
            Id,
            Workspace,
            Name,
            ScheduleCalendar.ParseCadence(Cadence),
            TimeZone,
            (int)Hour,
            StoredLists.Split(Brands),
            Benchmark,
            StoredLists.Split(Formats),
            new DeliveryTargets(WebhookUrl, StoredLists.Split(Emails)),
            SigningSecret,
            UtcMicros.ToDateTimeOffset(CreatedAt),
            UtcMicros.ToDateTimeOffset(OwedFrom));
    }
}
