namespace Engagement.Data.Store.Migrations;

/// <summary>
/// Workspaces (issue 14): an agency's clients and competitors, peer sets and keys, apart from
/// every other workspace's, over one shared store of brands and posts.
/// <list type="bullet">
/// <item><c>workspaces</c>: by name; <c>default</c> holds everything the store had before.</item>
/// <item><c>workspace_brands</c>: which workspaces track which brands. A brand is stored and
/// collected once however many workspaces track it; benchmark sets <c>all</c> and
/// <c>industry</c> still span the whole store.</item>
/// <item><c>peer_sets</c>, <c>peer_set_members</c>: keyed by workspace and name; a member must be
/// tracked by the set's workspace (a brand a workspace stops tracking leaves its sets).</item>
/// <item><c>api_keys</c>: a key belongs to a workspace and has a role (viewer, editor, owner, or
/// the server-wide admin), optionally a list of brands, an expiry and its last use. Names are
/// unique per workspace. Today's keys go to <c>default</c>: a read key becomes a viewer, an admin
/// key stays the server-wide admin.</item>
/// <item><c>audit_log</c>: every write through the API: who (key), what, when, from where.</item>
/// </list>
/// Changes of workspace_brands move data_version like the other tables reports read.
/// </summary>
public sealed class Migration0007Workspaces : IMigration
{
    public int Version => 7;

    public string Name => "workspaces";

    public string Script(string dialect) => dialect switch
    {
        "sqlite" => Sqlite,
        "postgres" => Postgres.PostgresMigration0007.Script,
        _ => throw new NotSupportedException($"migration {Version} has no script for {dialect}"),
    };

    /// <summary>The audit log, the same in both dialects but for its types (it only grows; no row is changed but its status).</summary>
    internal static string AuditLog(string id, string integer, string key) => $"""
        CREATE TABLE "audit_log" (
            "id" {id},
            "at" {integer} NOT NULL,
            "workspace" {key} NOT NULL,
            "key_id" {integer} NULL,
            "key_name" TEXT NULL,
            "action" TEXT NOT NULL,
            "target" TEXT NOT NULL,
            "status" INTEGER NULL,
            "remote_address" TEXT NULL
        );

        CREATE INDEX "audit_log_by_workspace" ON "audit_log" ("workspace", "id");
        """;

    private static string VersionTriggers(string table) => string.Concat(new[] { "INSERT", "UPDATE", "DELETE" }.Select(change => $"""
        CREATE TRIGGER "{table}_{change.ToLowerInvariant()}_data_version" AFTER {change} ON "{table}"
        BEGIN UPDATE "data_version" SET "version" = "version" + 1 WHERE "id" = 1; END;

        """));

    // SQLite cannot change a primary key or a UNIQUE constraint in place: peer_sets, peer_set_members
    // and api_keys are rebuilt and copied (children first, so no cascade deletes a copied row;
    // sign_in_sessions, which references api_keys, is set aside and put back with its rows).
    private static readonly string Sqlite = $"""
        CREATE TABLE "workspaces" (
            "name" TEXT NOT NULL PRIMARY KEY,
            "created_at" INTEGER NOT NULL
        ) WITHOUT ROWID;

        INSERT INTO "workspaces" ("name", "created_at") VALUES ('default', CAST(strftime('%s', 'now') AS INTEGER) * 1000000);

        CREATE TABLE "workspace_brands" (
            "workspace" TEXT NOT NULL REFERENCES "workspaces" ("name") ON DELETE CASCADE,
            "brand" TEXT NOT NULL REFERENCES "brands" ("id") ON DELETE CASCADE,
            PRIMARY KEY ("workspace", "brand")
        ) WITHOUT ROWID;

        CREATE INDEX "workspace_brands_by_brand" ON "workspace_brands" ("brand");

        INSERT INTO "workspace_brands" ("workspace", "brand") SELECT 'default', "id" FROM "brands";

        CREATE TABLE "peer_sets_v7" (
            "workspace" TEXT NOT NULL REFERENCES "workspaces" ("name") ON DELETE CASCADE,
            "name" TEXT NOT NULL,
            PRIMARY KEY ("workspace", "name")
        ) WITHOUT ROWID;

        CREATE TABLE "peer_set_members_v7" (
            "workspace" TEXT NOT NULL,
            "name" TEXT NOT NULL,
            "brand" TEXT NOT NULL,
            PRIMARY KEY ("workspace", "name", "brand"),
            FOREIGN KEY ("workspace", "name") REFERENCES "peer_sets_v7" ("workspace", "name") ON DELETE CASCADE,
            FOREIGN KEY ("workspace", "brand") REFERENCES "workspace_brands" ("workspace", "brand") ON DELETE CASCADE
        ) WITHOUT ROWID;

        INSERT INTO "peer_sets_v7" ("workspace", "name") SELECT 'default', "name" FROM "peer_sets";
        INSERT INTO "peer_set_members_v7" ("workspace", "name", "brand") SELECT 'default', "name", "brand" FROM "peer_set_members";
        DROP TABLE "peer_set_members";
        DROP TABLE "peer_sets";
        ALTER TABLE "peer_sets_v7" RENAME TO "peer_sets";
        ALTER TABLE "peer_set_members_v7" RENAME TO "peer_set_members";
        CREATE INDEX "peer_set_members_by_brand" ON "peer_set_members" ("workspace", "brand");

        CREATE TABLE "api_keys_v7" (
            "id" INTEGER NOT NULL PRIMARY KEY,
            "workspace" TEXT NOT NULL REFERENCES "workspaces" ("name") ON DELETE CASCADE,
            "name" TEXT NOT NULL,
            "role" TEXT NOT NULL CHECK ("role" IN ('viewer', 'editor', 'owner', 'admin')),
            "brands" TEXT NULL,
            "key_hash" TEXT NOT NULL UNIQUE,
            "created_at" INTEGER NOT NULL,
            "expires_at" INTEGER NULL,
            "last_used_at" INTEGER NULL,
            "revoked_at" INTEGER NULL,
            UNIQUE ("workspace", "name")
        );

        INSERT INTO "api_keys_v7" ("id", "workspace", "name", "role", "key_hash", "created_at", "revoked_at")
        SELECT "id", 'default', "name", CASE "scope" WHEN 'admin' THEN 'admin' ELSE 'viewer' END, "key_hash", "created_at", "revoked_at"
        FROM "api_keys";

        CREATE TABLE "sign_in_sessions_v7" AS SELECT "id_hash", "key_id", "created_at", "expires_at", "revoked_at" FROM "sign_in_sessions";
        DROP TABLE "sign_in_sessions";
        DROP TABLE "api_keys";
        ALTER TABLE "api_keys_v7" RENAME TO "api_keys";
        CREATE TABLE "sign_in_sessions" (
            "id_hash" TEXT NOT NULL PRIMARY KEY,
            "key_id" INTEGER NOT NULL REFERENCES "api_keys" ("id") ON DELETE CASCADE,
            "created_at" INTEGER NOT NULL,
            "expires_at" INTEGER NOT NULL,
            "revoked_at" INTEGER NULL
        );
        INSERT INTO "sign_in_sessions" SELECT "id_hash", "key_id", "created_at", "expires_at", "revoked_at" FROM "sign_in_sessions_v7";
        DROP TABLE "sign_in_sessions_v7";
        CREATE INDEX "sign_in_sessions_by_expiry" ON "sign_in_sessions" ("expires_at");

        {AuditLog("INTEGER NOT NULL PRIMARY KEY", "INTEGER", "TEXT")}

        {VersionTriggers("workspace_brands")}
        {VersionTriggers("peer_sets")}
        {VersionTriggers("peer_set_members")}
        """;
}
