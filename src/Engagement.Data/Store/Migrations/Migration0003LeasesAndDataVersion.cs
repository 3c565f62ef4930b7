namespace Engagement.Data.Store.Migrations;

/// <summary>
/// Work sharing between service instances and cache invalidation across them:
/// <list type="bullet">
/// <item><c>account_leases</c>: which instance collects which account, until when
/// (<see cref="Repositories.AccountLeaseRepository"/>).</item>
/// <item><c>data_version</c>: one row whose <c>version</c> grows with every committed change to the
/// data reports are computed from (brands, accounts, posts, followers, peer sets), so an instance
/// knows its cached scores are stale without comparing data (<see cref="Repositories.DataVersionRepository"/>).
/// Triggers bump it, so no write path can forget to.</item>
/// </list>
/// </summary>
public sealed class Migration0003LeasesAndDataVersion : IMigration
{
    /// <summary>
    /// The tables whose changes bump data_version here; post_mentions joined them in migration 14,
    /// when its rows stopped being a copy of a posts column.
    /// </summary>
    internal static readonly string[] VersionedTables = ["brands", "accounts", "posts", "followers", "peer_sets", "peer_set_members"];

    public int Version => 3;

    public string Name => "leases_and_data_version";

    public string Script(string dialect) => dialect switch
    {
        "sqlite" => Sqlite,
        "postgres" => Postgres.PostgresMigration0003.Script,
        _ => throw new NotSupportedException($"migration {Version} has no script for {dialect}"),
    };

    // SQLite has row triggers only: the version grows by the rows changed, not by one per
    // transaction. Readers only compare it, so that is the same signal. An upsert that changes
    // nothing (its DO UPDATE ... WHERE is false) fires no trigger: re-importing the same data keeps it.
    private static readonly string Sqlite = $"""
        CREATE TABLE "account_leases" (
            "network" TEXT NOT NULL,
            "handle" TEXT NOT NULL,
            "owner" TEXT NULL,
            "expires_at" INTEGER NULL,
            PRIMARY KEY ("network", "handle")
        ) WITHOUT ROWID;

        CREATE INDEX "account_leases_by_owner" ON "account_leases" ("owner") WHERE "owner" IS NOT NULL;

        CREATE TABLE "data_version" (
            "id" INTEGER NOT NULL PRIMARY KEY CHECK ("id" = 1),
            "version" INTEGER NOT NULL
        );

        INSERT INTO "data_version" ("id", "version") VALUES (1, 0);

        {string.Join("\n", VersionedTables.SelectMany(table => new[] { "INSERT", "UPDATE", "DELETE" }.Select(change => DataVersionTrigger(table, change))))}
        """;

    /// <summary>The SQLite row trigger that bumps the data version on a change of a table.</summary>
    internal static string DataVersionTrigger(string table, string change) => $"""
        CREATE TRIGGER "{table}_{change.ToLowerInvariant()}_data_version" AFTER {change} ON "{table}"
        BEGIN UPDATE "data_version" SET "version" = "version" + 1 WHERE "id" = 1; END;
        """;
}
