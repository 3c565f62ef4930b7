namespace Engagement.Data.Store.Migrations;

/// <summary>
/// Two fixes to what an edit (a <c>PUT</c> of a rule or schedule) leaves behind (issue 17).
/// <list type="bullet">
/// <item><c>alert_occurrences.occurrence_key</c> names what fired, not only the week:
/// <c>KIND:BRAND:WEEK</c>, and <c>KIND:BRAND:WEEK:COMPETITOR</c> for <c>overtaken</c>
/// (<see cref="Deliveries.AlertOccurrences.Key"/>). Keyed by the week alone, a rule edited to
/// another brand or kind stayed silent for a week the old condition fired in. The keys stored
/// (<c>WEEK</c>, <c>WEEK:COMPETITOR</c>) get the prefix of their rule's current kind and brand,
/// so an upgraded store does not send an occurrence again.</item>
/// <item><c>schedules.owed_from</c>: the instant from which periods are owed. It starts as the
/// creation time (a new schedule does not send a period due before it existed), and an edit of a
/// never-run schedule moves it back to keep the period it owed
/// (<see cref="Domain.Scheduling.ScheduleCalendar.OwedFromAfterEdit"/>).</item>
/// </list>
/// </summary>
public sealed class Migration0011OccurrenceKeysAndOwedPeriods : IMigration
{
    public int Version => 11;

    public string Name => "occurrence_keys_and_owed_periods";

    public string Script(string dialect) => dialect switch
    {
        "sqlite" => Sql("INTEGER"),
        "postgres" => Sql("BIGINT"),
        _ => throw new NotSupportedException($"migration {Version} has no script for {dialect}"),
    };

    // Every stored key starts with a date (a digit) and every new one with a kind (a letter), so
    // the rewrite never meets a key it already wrote: UNIQUE (rule, key) holds row by row.
    private static string Sql(string integer) => $"""
        UPDATE "alert_occurrences" SET "occurrence_key" =
            (SELECT "kind" || ':' || "brand" || ':' FROM "alert_rules" WHERE "alert_rules"."id" = "alert_occurrences"."rule_id") || "occurrence_key";

        ALTER TABLE "schedules" ADD COLUMN "owed_from" {integer} NOT NULL DEFAULT 0;
        UPDATE "schedules" SET "owed_from" = "created_at";
        """;
}
