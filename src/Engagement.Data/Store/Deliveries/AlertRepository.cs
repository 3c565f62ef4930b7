using Dapper;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Deliveries;

/// <summary>The kinds of alert rule.</summary>
public static class AlertKinds
{
    /// <summary>The brand's score fell by at least Threshold points from one week to the next.</summary>
    public const string ScoreDrop = "score-drop";

    /// <summary>The brand answered less than Threshold % of its users' posts over the last week.</summary>
    public const string ResponsivenessBelow = "responsiveness-below";

    /// <summary>A competitor that scored below the brand the week before scores above it this week.</summary>
    public const string Overtaken = "overtaken";

    public static readonly IReadOnlyList<string> All = [ScoreDrop, ResponsivenessBelow, Overtaken];
}

/// <summary>
/// What an alert occurrence is keyed by: the rule fires once per key. The key names what fired
/// (kind, brand, and the competitor of <c>overtaken</c>) as well as the week, so a rule edited to
/// another kind or brand fires for a week its old condition already fired in, and evaluating the
/// same data again does not. Brands are ids (no <c>:</c>), so the parts cannot run together.
/// </summary>
public static class AlertOccurrences
{
    /// <summary><c>KIND:BRAND:WEEK</c>, or <c>KIND:BRAND:WEEK:COMPETITOR</c>; the week is its end day, <c>yyyy-MM-dd</c>.</summary>
    public static string Key(string kind, string brand, string week, string? competitor = null) =>
        competitor is null ? $"{kind}:{brand}:{week}" : $"{kind}:{brand}:{week}:{competitor}";
}

/// <summary>An alert rule of a workspace.</summary>
public sealed record AlertRule(
    long Id,
    string Workspace,
    string Name,
    string Kind,
    string Brand,
    IReadOnlyList<string> Competitors,
    double Threshold,
    string Benchmark,
    DeliveryTargets Targets,
    string SigningSecret,
    DateTimeOffset CreatedAt);

/// <summary>An alert rule to store.</summary>
public sealed record NewAlertRule(
    string Workspace, string Name, string Kind, string Brand, IReadOnlyList<string> Competitors, double Threshold, string Benchmark, DeliveryTargets Targets);

/// <summary>Alert rules and their occurrences (migration 9): an occurrence key is recorded once per rule, so an alert fires once.</summary>
public sealed class AlertRepository(IDbConnectionFactory factory)
{
    private const string Columns = """
        "id" AS "Id", "workspace" AS "Workspace", "name" AS "Name", "kind" AS "Kind", "brand" AS "Brand", "competitors" AS "Competitors",
        "threshold" AS "Threshold", "benchmark" AS "Benchmark", "webhook_url" AS "WebhookUrl", "emails" AS "Emails",
        "signing_secret" AS "SigningSecret", "created_at" AS "CreatedAt"
        """;

    public async Task<AlertRule> InsertAsync(NewAlertRule rule, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var parameters = Fields(rule);
        parameters.Add("SigningSecret", ScheduleRepository.NewSigningSecret());
        parameters.Add("CreatedAt", UtcMicros.FromDateTimeOffset(factory.Time.GetUtcNow()));
        try
        {
            return await factory.WriteAsync(
                async (connection, transaction, token) => (await connection.QuerySingleAsync<Row>(new CommandDefinition(
                    $"""
                    INSERT INTO "alert_rules" ("workspace", "name", "kind", "brand", "competitors", "threshold", "benchmark", "webhook_url", "emails", "signing_secret", "created_at")
                    VALUES (@Workspace, @Name, @Kind, @Brand, @Competitors, @Threshold, @Benchmark, @WebhookUrl, @Emails, @SigningSecret, @CreatedAt)
                    RETURNING {Columns}
                    """,
                    parameters,
                    transaction,
                    cancellationToken: token))).ToRule(),
                ct);
        }
        catch (Exception error) when (factory.Dialect.IsUniqueViolation(error))
        {
            throw NameTaken(rule);
        }
    }

    /// <summary>
    /// Replaces what the rule watches and where it sends; its id, secret, creation time and
    /// occurrences stay, so an occurrence it already fired for is not sent again. Null when its
    /// workspace has no such rule.
    /// </summary>
    public async Task<AlertRule?> UpdateAsync(long id, NewAlertRule rule, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var parameters = Fields(rule);
        parameters.Add("id", id);
        try
        {
            return await factory.WriteAsync(
                async (connection, transaction, token) => (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                    $"""
                    UPDATE "alert_rules" SET "name" = @Name, "kind" = @Kind, "brand" = @Brand, "competitors" = @Competitors, "threshold" = @Threshold,
                        "benchmark" = @Benchmark, "webhook_url" = @WebhookUrl, "emails" = @Emails
                    WHERE "workspace" = @Workspace AND "id" = @id
                    RETURNING {Columns}
                    """,
                    parameters,
                    transaction,
                    cancellationToken: token)))?.ToRule(),
                ct);
        }
        catch (Exception error) when (factory.Dialect.IsUniqueViolation(error))
        {
            throw NameTaken(rule);
        }
    }

    /// <summary>The workspace's rules by id; every workspace's when <paramref name="workspace"/> is null (the evaluator).</summary>
    public Task<IReadOnlyList<AlertRule>> ListAsync(string? workspace, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<AlertRule>>(
            async (connection, token) => (await connection.QueryAsync<Row>(new CommandDefinition(
                    $"""SELECT {Columns} FROM "alert_rules" WHERE @workspace IS NULL OR "workspace" = @workspace ORDER BY "id" """,
                    new { workspace },
                    cancellationToken: token)))
                .Select(row => row.ToRule()).ToList(),
            ct);

    public Task<AlertRule?> GetAsync(string workspace, long id, CancellationToken ct = default) =>
        factory.ReadAsync(
            async (connection, token) => (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                $"""SELECT {Columns} FROM "alert_rules" WHERE "workspace" = @workspace AND "id" = @id""",
                new { workspace, id },
                cancellationToken: token)))?.ToRule(),
            ct);

    public Task<bool> DeleteAsync(string workspace, long id, CancellationToken ct = default) =>
        factory.WriteAsync(
            async (connection, transaction, token) => await connection.ExecuteAsync(new CommandDefinition(
                """DELETE FROM "alert_rules" WHERE "workspace" = @workspace AND "id" = @id""", new { workspace, id }, transaction, cancellationToken: token)) > 0,
            ct);

    /// <summary>
    /// Records the occurrence and queues its deliveries in one transaction, unless the rule already
    /// fired for <paramref name="occurrenceKey"/>; true when it fired now.
    /// </summary>
    public Task<bool> FireAsync(AlertRule rule, string occurrenceKey, string details, IReadOnlyList<NewDelivery> deliveries, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var now = factory.Time.GetUtcNow();
        return factory.WriteAsync(
            async (connection, transaction, token) =>
            {
                var id = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
                    """
                    INSERT INTO "alert_occurrences" ("rule_id", "occurrence_key", "fired_at", "details") VALUES (@Id, @occurrenceKey, @now, @details)
                    ON CONFLICT ("rule_id", "occurrence_key") DO NOTHING
                    RETURNING "id"
                    """,
                    new { rule.Id, occurrenceKey, now = UtcMicros.FromDateTimeOffset(now), details },
                    transaction,
                    cancellationToken: token));
                if (id is null)
                {
                    return false;
                }

                await DeliveryRepository.EnqueueAsync(connection, transaction, rule.Workspace, null, id, deliveries, now, token);
                return true;
            },
            ct);
    }

    /// <summary>The occurrence keys a rule fired for, oldest first.</summary>
    public Task<IReadOnlyList<string>> OccurrencesAsync(long ruleId, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<string>>(
            async (connection, token) => (await connection.QueryAsync<string>(new CommandDefinition(
                """SELECT "occurrence_key" FROM "alert_occurrences" WHERE "rule_id" = @ruleId ORDER BY "id" """,
                new { ruleId },
                cancellationToken: token))).AsList(),
            ct);

    // What insert and update say when another alert rule of the workspace has the name.
    private static DomainException NameTaken(NewAlertRule rule) =>
        new($"an alert rule named '{rule.Name}' already exists in workspace '{rule.Workspace}'");

    // The stored columns of what a request says, shared by insert and update.
    private static DynamicParameters Fields(NewAlertRule rule)
    {
        var fields = new DynamicParameters();
        fields.AddDynamicParams(new
        {
            rule.Workspace,
            rule.Name,
            rule.Kind,
            rule.Brand,
            Competitors = StoredLists.Join(rule.Competitors),
            rule.Threshold,
            rule.Benchmark,
            rule.Targets.WebhookUrl,
            Emails = StoredLists.Join(rule.Targets.Emails),
        });
        return fields;
    }

    private sealed class Row
    {
        public long Id { get; init; }

        public string Workspace { get; init; } = "";

        public string Name { get; init; } = "";

        public string Kind { get; init; } = "";

        public string Brand { get; init; } = "";

        public string Competitors { get; init; } = "";

        public double Threshold { get; init; }

        public string Benchmark { get; init; } = "";

        public string? WebhookUrl { get; init; }

        public string Emails { get; init; } = "";

        public string SigningSecret { get; init; } = "";

        public long CreatedAt { get; init; }

        public AlertRule ToRule() => new(
            Id, Workspace, Name, Kind, Brand, StoredLists.Split(Competitors), Threshold, Benchmark,
            new DeliveryTargets(WebhookUrl, StoredLists.Split(Emails)), SigningSecret, UtcMicros.ToDateTimeOffset(CreatedAt));
    }
}
