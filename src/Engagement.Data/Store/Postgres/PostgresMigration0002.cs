using Engagement.Data.Store.Migrations;

namespace Engagement.Data.Store.Postgres;

/// <summary>
/// PostgreSQL DDL of <see cref="Migration0002AccountAggregates"/>: the same tables (BIGINT, BYTEA,
/// COLLATE "C" keys). The marks are statement triggers over transition tables, one set-based
/// INSERT per statement instead of one per row, so a bulk write pays once.
/// </summary>
internal static class PostgresMigration0002
{
    private const string TriggersOn = """(SELECT "triggers_off" FROM "aggregate_control" WHERE "id" = 1) = 0""";

    // Marks the tracked accounts named by the rows of a transition table; DISTINCT because one
    // upsert statement may not update the same mark twice. coded: the rows hold the network's
    // code (posts and post_mentions since migration 15), its id is read through networks.
    private static string Mark(string rows, string handles, bool coded) => $"""
        INSERT INTO "aggregate_dirty" ("network", "handle", "generation")
        SELECT DISTINCT a."network", a."handle", 0 FROM {rows} r{(coded ? "\nJOIN \"networks\" n ON n.\"code\" = r.\"network\"" : "")}
        JOIN "accounts" a ON a."network" = {(coded ? "n.\"id\"" : "r.\"network\"")} AND a."handle" IN ({handles})
        ON CONFLICT ("network", "handle") DO UPDATE SET "generation" = "aggregate_dirty"."generation" + 1;
        """;

    // One function per table: plpgsql plans each branch when it runs, so a branch naming the
    // transition table of another event is never planned for this one. Migration 15 replaces
    // the functions of posts and post_mentions (coded).
    internal static string MarkFunctionSql(string table, string handles, bool coded = false) => $"""
        CREATE {(coded ? "OR REPLACE " : "")}FUNCTION "{table}_mark_aggregates"() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF {TriggersOn} THEN
                IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    {Mark("\"old_rows\"", handles, coded)}
                END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') THEN
                    {Mark("\"new_rows\"", handles, coded)}
                END IF;
            END IF;
            RETURN NULL;
        END
        $$;
        """;

    private static string MarkFunction(string table, string handles) => $"""
        {MarkFunctionSql(table, handles)}

        CREATE TRIGGER "{table}_insert_aggregates" AFTER INSERT ON "{table}"
            REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "{table}_mark_aggregates"();
        CREATE TRIGGER "{table}_update_aggregates" AFTER UPDATE ON "{table}"
            REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "{table}_mark_aggregates"();
        CREATE TRIGGER "{table}_delete_aggregates" AFTER DELETE ON "{table}"
            REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "{table}_mark_aggregates"();
        """;

    public static readonly string Script = $"""
        CREATE TABLE "account_aggregates" (
            "network" TEXT COLLATE "C" NOT NULL,
            "handle" TEXT COLLATE "C" NOT NULL,
            "first_month" INTEGER NULL,
            "last_month" INTEGER NULL,
            "latest_own_post" BIGINT NULL,
            "earliest_followers" BIGINT NULL,
            "latest_followers" BIGINT NULL,
            PRIMARY KEY ("network", "handle")
        );

        CREATE TABLE "account_months" (
            "month" INTEGER NOT NULL,
            "network" TEXT COLLATE "C" NOT NULL,
            "handle" TEXT COLLATE "C" NOT NULL,
            "data" BYTEA NOT NULL,
            PRIMARY KEY ("month", "network", "handle")
        );

        CREATE TABLE "aggregate_dirty" (
            "network" TEXT COLLATE "C" NOT NULL,
            "handle" TEXT COLLATE "C" NOT NULL,
            "generation" BIGINT NOT NULL,
            PRIMARY KEY ("network", "handle")
        );

        CREATE TABLE "aggregate_control" (
            "id" INTEGER NOT NULL PRIMARY KEY CHECK ("id" = 1),
            "triggers_off" INTEGER NOT NULL
        );

        INSERT INTO "aggregate_control" ("id", "triggers_off") VALUES (1, 0);

        INSERT INTO "aggregate_dirty" ("network", "handle", "generation") SELECT "network", "handle", 0 FROM "accounts";

        {MarkFunction("posts", "r.\"author\", r.\"in_reply_to_author\"")}
        {MarkFunction("post_mentions", "r.\"handle\"")}
        {MarkFunction("followers", "r.\"handle\"")}

        CREATE FUNCTION "accounts_mark_aggregates"() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                INSERT INTO "aggregate_dirty" ("network", "handle", "generation") VALUES (NEW."network", NEW."handle", 0)
                ON CONFLICT ("network", "handle") DO UPDATE SET "generation" = "aggregate_dirty"."generation" + 1;
            ELSE
                DELETE FROM "account_aggregates" WHERE "network" = OLD."network" AND "handle" = OLD."handle";
                DELETE FROM "aggregate_dirty" WHERE "network" = OLD."network" AND "handle" = OLD."handle";
            END IF;
            RETURN NULL;
        END
        $$;

        CREATE TRIGGER "accounts_aggregates" AFTER INSERT OR DELETE ON "accounts"
            FOR EACH ROW EXECUTE FUNCTION "accounts_mark_aggregates"();
        """;
}
