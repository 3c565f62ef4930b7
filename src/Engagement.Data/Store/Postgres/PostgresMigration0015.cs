using Engagement.Data.Store.Migrations;

namespace Engagement.Data.Store.Postgres;

/// <summary>
/// PostgreSQL DDL of <see cref="Migration0015NetworkCodes"/>: SMALLINT codes, the columns
/// converted in place (each table rewritten once, its indices rebuilt), the foreign key dropped
/// for the conversion and made again under its own name, the two marking functions replaced.
/// </summary>
internal static class PostgresMigration0015
{
    private const string TriggersOn = """(SELECT "triggers_off" FROM "aggregate_control" WHERE "id" = 1) = 0""";

    private const string ForeignKey = "post_mentions_network_post_id_fkey";

    // As migration 2's, the accounts found through the code's network id.
    private static string Mark(string rows, string handles) => $"""
        INSERT INTO "aggregate_dirty" ("network", "handle", "generation")
        SELECT DISTINCT a."network", a."handle", 0 FROM {rows} r
        JOIN "networks" n ON n."code" = r."network"
        JOIN "accounts" a ON a."network" = n."id" AND a."handle" IN ({handles})
        ON CONFLICT ("network", "handle") DO UPDATE SET "generation" = "aggregate_dirty"."generation" + 1;
        """;

    private static string MarkFunction(string table, string handles) => $"""
        CREATE OR REPLACE FUNCTION "{table}_mark_aggregates"() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF {TriggersOn} THEN
                IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    {Mark("\"old_rows\"", handles)}
                END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') THEN
                    {Mark("\"new_rows\"", handles)}
                END IF;
            END IF;
            RETURN NULL;
        END
        $$;
        """;

    public static readonly string Script = $"""
        CREATE TABLE "networks" (
            "code" SMALLINT NOT NULL PRIMARY KEY,
            "id" TEXT COLLATE "C" NOT NULL UNIQUE
        );

        {Migration0015NetworkCodes.SeedSql}

        CREATE FUNCTION "network_code_of_id"(TEXT) RETURNS SMALLINT LANGUAGE sql STABLE
            AS $$ SELECT "code" FROM "networks" WHERE "id" = $1 $$;

        ALTER TABLE "post_mentions" DROP CONSTRAINT "{ForeignKey}";
        ALTER TABLE "posts" ALTER COLUMN "network" TYPE SMALLINT USING "network_code_of_id"("network");
        ALTER TABLE "post_mentions" ALTER COLUMN "network" TYPE SMALLINT USING "network_code_of_id"("network");
        ALTER TABLE "post_mentions" ADD CONSTRAINT "{ForeignKey}"
            FOREIGN KEY ("network", "post_id") REFERENCES "posts" ("network", "post_id") ON DELETE CASCADE;
        DROP FUNCTION "network_code_of_id"(TEXT);

        {MarkFunction("posts", "r.\"author\", r.\"in_reply_to_author\"")}
        {MarkFunction("post_mentions", "r.\"handle\"")}
        """;
}
