namespace Engagement.Data.Store.Migrations;

/// <summary>
/// The request budgets every process of the store shares (<see cref="Repositories.RequestBudgetRepository"/>),
/// so a <c>collect --once</c> run next to the service, or a second instance, cannot together
/// exceed a configured limit:
/// <list type="bullet">
/// <item><c>request_budget</c>: one row per request (or quota units) granted, per network and
/// lane, at the instant it was granted; rows older than the lane's window are deleted as new
/// ones are granted.</item>
/// <item><c>request_budget_lanes</c>: one row per lane, locked by each grant so two processes
/// count and grant one at a time.</item>
/// </list>
/// </summary>
public sealed class Migration0008RequestBudget : IMigration
{
    public int Version => 8;

    public string Name => "request_budget";

    public string Script(string dialect) => dialect switch
    {
        "sqlite" => Sql("INTEGER", "TEXT", " WITHOUT ROWID"),
        "postgres" => Sql("BIGINT", "TEXT COLLATE \"C\"", ""),
        _ => throw new NotSupportedException($"migration {Version} has no script for {dialect}"),
    };

    private static string Sql(string integer, string text, string keyed) => $"""
        CREATE TABLE "request_budget_lanes" (
            "network" {text} NOT NULL,
            "lane" {text} NOT NULL,
            "grants" {integer} NOT NULL,
            PRIMARY KEY ("network", "lane")
        ){keyed};

        CREATE TABLE "request_budget" (
            "network" {text} NOT NULL,
            "lane" {text} NOT NULL,
            "granted_at" {integer} NOT NULL,
            "cost" {integer} NOT NULL
        );

        CREATE INDEX "request_budget_by_lane" ON "request_budget" ("network", "lane", "granted_at");
        """;
}
