using Engagement.Data.Store.Migrations;

namespace Engagement.Data.Store.Postgres;

/// <summary>
/// PostgreSQL DDL of <see cref="Migration0015NetworkCodes"/>: SMALLINT codes, the columns
/// converted in place (each table rewritten once, its indices rebuilt), the foreign key dropped
/// for the conversion and made again under its own name, the two marking functions replaced.
/// </summary>
internal static class PostgresMigration0015
{
    private const string ForeignKey = "post_mentions_network_post_id_fkey";

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

        {PostgresMigration0002.MarkFunctionSql("posts", "r.\"author\", r.\"in_reply_to_author\"", coded: true)}
        {PostgresMigration0002.MarkFunctionSql("post_mentions", "r.\"handle\"", coded: true)}
        """;
}
