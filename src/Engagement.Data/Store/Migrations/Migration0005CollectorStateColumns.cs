namespace Engagement.Data.Store.Migrations;

/// <summary>
/// <c>collector_state</c> gets a column for every part of a collector's bookkeeping. Until now
/// the cursor column carried a JSON document of them (the cursor, last success, last error
/// instant, failure streak, health and counters); each row's document is unpacked into the new
/// columns and the cursor column keeps the cursor alone. A cursor that is not such a document
/// (written by another tool) stays as it is. Nothing is lost: every field of the document has its column.
/// </summary>
public sealed class Migration0005CollectorStateColumns : IMigration
{
    public int Version => 5;

    public string Name => "collector_state_columns";

    public string Script(string dialect) => dialect switch
    {
        "sqlite" => Sqlite,
        "postgres" => Postgres,
        _ => throw new NotSupportedException($"migration {Version} has no script for {dialect}"),
    };

    // SQLite adds one column per statement; every SET of an UPDATE reads the row as it was.
    private const string Sqlite = """
        ALTER TABLE "collector_state" ADD COLUMN "backfilled_at" INTEGER NULL;
        ALTER TABLE "collector_state" ADD COLUMN "last_success_at" INTEGER NULL;
        ALTER TABLE "collector_state" ADD COLUMN "last_error_at" INTEGER NULL;
        ALTER TABLE "collector_state" ADD COLUMN "consecutive_failures" INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE "collector_state" ADD COLUMN "health" TEXT NOT NULL DEFAULT 'pending';
        ALTER TABLE "collector_state" ADD COLUMN "posts_stored" INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE "collector_state" ADD COLUMN "requests_made" INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE "collector_state" ADD COLUMN "rate_limited" INTEGER NOT NULL DEFAULT 0;
        UPDATE "collector_state" SET
            "cursor" = json_extract("cursor", '$.cursor'),
            "backfilled_at" = json_extract("cursor", '$.backfilledAt'),
            "last_success_at" = json_extract("cursor", '$.lastSuccessAt'),
            "last_error_at" = json_extract("cursor", '$.lastErrorAt'),
            "consecutive_failures" = COALESCE(json_extract("cursor", '$.failures'), 0),
            "health" = COALESCE(lower(json_extract("cursor", '$.health')), 'pending'),
            "posts_stored" = COALESCE(json_extract("cursor", '$.postsStored'), 0),
            "requests_made" = COALESCE(json_extract("cursor", '$.requests'), 0),
            "rate_limited" = COALESCE(json_extract("cursor", '$.rateLimited'), 0)
        WHERE substr("cursor", 1, 1) = '{' AND json_valid("cursor");
        """;

    // A cursor that does not parse as JSON is left alone: the cast is tried row by row.
    private const string Postgres = """
        ALTER TABLE "collector_state"
            ADD COLUMN "backfilled_at" BIGINT NULL,
            ADD COLUMN "last_success_at" BIGINT NULL,
            ADD COLUMN "last_error_at" BIGINT NULL,
            ADD COLUMN "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
            ADD COLUMN "health" TEXT COLLATE "C" NOT NULL DEFAULT 'pending',
            ADD COLUMN "posts_stored" BIGINT NOT NULL DEFAULT 0,
            ADD COLUMN "requests_made" BIGINT NOT NULL DEFAULT 0,
            ADD COLUMN "rate_limited" BIGINT NOT NULL DEFAULT 0;
        CREATE FUNCTION pg_temp.engagement_state_document(t TEXT) RETURNS JSONB LANGUAGE plpgsql IMMUTABLE AS $body$
        BEGIN
            IF t IS NULL OR left(t, 1) <> '{' THEN
                RETURN NULL;
            END IF;
            RETURN t::JSONB;
        EXCEPTION WHEN OTHERS THEN
            RETURN NULL;
        END
        $body$;
        UPDATE "collector_state" AS s SET
            "cursor" = d.j ->> 'cursor',
            "backfilled_at" = (d.j ->> 'backfilledAt')::BIGINT,
            "last_success_at" = (d.j ->> 'lastSuccessAt')::BIGINT,
            "last_error_at" = (d.j ->> 'lastErrorAt')::BIGINT,
            "consecutive_failures" = COALESCE((d.j ->> 'failures')::INTEGER, 0),
            "health" = COALESCE(lower(d.j ->> 'health'), 'pending'),
            "posts_stored" = COALESCE((d.j ->> 'postsStored')::BIGINT, 0),
            "requests_made" = COALESCE((d.j ->> 'requests')::BIGINT, 0),
            "rate_limited" = COALESCE((d.j ->> 'rateLimited')::BIGINT, 0)
        FROM (SELECT "network", "handle", pg_temp.engagement_state_document("cursor") AS j FROM "collector_state") AS d
        WHERE d.j IS NOT NULL AND s."network" = d."network" AND s."handle" = d."handle";
        DROP FUNCTION pg_temp.engagement_state_document(TEXT);
        """;
}
