using Engagement.Data.Store.Migrations;

namespace Engagement.Data.Store.Postgres;

/// <summary>
/// PostgreSQL DDL of <see cref="Migration0003LeasesAndDataVersion"/>. data_version is bumped once
/// per transaction, at commit: a statement trigger on each versioned table marks the transaction
/// (a transaction-local setting, then one row in data_version_pending), and a deferred
/// constraint trigger on that row does the UPDATE. Bumping in the statement trigger itself would
/// hold the lock on the single data_version row from a transaction's first change to its
/// commit, queueing every other writer behind a long import.
/// </summary>
internal static class PostgresMigration0003
{
    public static readonly string Script = $"""
        CREATE TABLE "account_leases" (
            "network" TEXT COLLATE "C" NOT NULL,
            "handle" TEXT COLLATE "C" NOT NULL,
            "owner" TEXT COLLATE "C" NULL,
            "expires_at" BIGINT NULL,
            PRIMARY KEY ("network", "handle")
        );

        CREATE INDEX "account_leases_by_owner" ON "account_leases" ("owner") WHERE "owner" IS NOT NULL;

        CREATE TABLE "data_version" (
            "id" INTEGER NOT NULL PRIMARY KEY CHECK ("id" = 1),
            "version" BIGINT NOT NULL
        );

        INSERT INTO "data_version" ("id", "version") VALUES (1, 0);

        CREATE TABLE "data_version_pending" (
            "txid" BIGINT NOT NULL PRIMARY KEY
        );

        CREATE FUNCTION "data_version_mark"() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF current_setting('engagement.data_changed', true) IS DISTINCT FROM 'yes' THEN
                PERFORM set_config('engagement.data_changed', 'yes', true);
                INSERT INTO "data_version_pending" ("txid") VALUES (txid_current()) ON CONFLICT DO NOTHING;
            END IF;
            RETURN NULL;
        END
        $$;

        CREATE FUNCTION "data_version_bump"() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE "data_version" SET "version" = "version" + 1 WHERE "id" = 1;
            DELETE FROM "data_version_pending" WHERE "txid" = NEW."txid";
            RETURN NULL;
        END
        $$;

        CREATE CONSTRAINT TRIGGER "data_version_bump" AFTER INSERT ON "data_version_pending"
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "data_version_bump"();

        {string.Join("\n", Migration0003LeasesAndDataVersion.VersionedTables.Select(table => $"""
            CREATE TRIGGER "{table}_data_version" AFTER INSERT OR UPDATE OR DELETE ON "{table}"
                FOR EACH STATEMENT EXECUTE FUNCTION "data_version_mark"();
            """))}
        """;
}
