namespace Engagement.Data.Store.Migrations;

/// <summary>
/// <c>report_snapshots</c>: a finished report (the benchmark document as JSON) per request key,
/// valid for the one data version it was computed at (<see cref="Aggregates.ReportSnapshotStore"/>).
/// A command-line run or a new instance then answers a repeated request without scoring again;
/// any change to the data moves the version and the snapshot is no longer read.
/// </summary>
public sealed class Migration0004ReportSnapshots : IMigration
{
    public int Version => 4;

    public string Name => "report_snapshots";

    public string Script(string dialect) => dialect switch
    {
        "sqlite" => Sql("INTEGER", "BLOB", "TEXT"),
        "postgres" => Sql("BIGINT", "BYTEA", "TEXT COLLATE \"C\""),
        _ => throw new NotSupportedException($"migration {Version} has no script for {dialect}"),
    };

    private static string Sql(string integer, string bytes, string key) => $"""
        CREATE TABLE "report_snapshots" (
            "key" {key} NOT NULL PRIMARY KEY,
            "data_version" {integer} NOT NULL,
            "created_at" {integer} NOT NULL,
            "body" {bytes} NOT NULL
        );
        """;
}
