namespace Engagement.Data.Store.Migrations;

/// <summary>
/// The network of <c>posts</c> and <c>post_mentions</c> becomes a small integer code, with a
/// <c>networks</c> table saying which code is which id (<see cref="NetworkCodes"/>): every key of
/// the two tables and of their three indices started with the network's text (bench/RESULTS.md,
/// issue 16). The codes of the networks already stored follow their ids' order (0, 1, 2 for
/// bluesky, mastodon, youtube); a network met later gets the next code. Nothing else changes:
/// rows, mentions, aggregates and <c>data_version</c> stay as they were (no row trigger fires).
/// SQLite cannot change a column's type: both tables are made again (new table, copy in key
/// order, drop, rename) with their indices and triggers as before, the triggers translating the
/// code back to the network id the accounts and marks hold. PostgreSQL changes the columns' type
/// in place (through a function, a conversion may not hold a subquery), the foreign key dropped
/// meanwhile and made again, and the two marking functions read the id through <c>networks</c>.
/// </summary>
public sealed class Migration0015NetworkCodes : IMigration
{
    public int Version => 15;

    public string Name => "network_codes";

    public string Script(string dialect) => dialect switch
    {
        "sqlite" => Sqlite,
        "postgres" => Postgres.PostgresMigration0015.Script,
        _ => throw new NotSupportedException($"migration {Version} has no script for {dialect}"),
    };

    /// <summary>The codes of the networks the posts already name, in the order of their ids, from 0.</summary>
    internal const string SeedSql = """
        INSERT INTO "networks" ("code", "id")
        SELECT ROW_NUMBER() OVER (ORDER BY x."network") - 1, x."network" FROM (SELECT DISTINCT "network" FROM "posts") x;
        """;

    private const string TriggersOn = Migration0002AccountAggregates.TriggersOn;

    // As migration 2's, the network read through its code.
    private static string Mark(string code, string handles) => Migration0002AccountAggregates.Mark(NetworkCodes.IdOf(code), handles);

    private static string DataVersion(string table, string change) => Migration0003LeasesAndDataVersion.DataVersionTrigger(table, change);

    // The old tables are dropped before the new ones take their names, the mentions first: a
    // table that nothing references is dropped without the implicit DELETE that foreign keys ask
    // for (and no trigger fires on a DROP). The rename points the mentions' foreign key at posts.
    private static readonly string Sqlite = $"""
        CREATE TABLE "networks" (
            "code" INTEGER NOT NULL PRIMARY KEY,
            "id" TEXT NOT NULL UNIQUE
        );

        {SeedSql}

        CREATE TABLE "posts_coded" (
            "network" INTEGER NOT NULL,
            "post_id" TEXT NOT NULL,
            "author" TEXT NOT NULL,
            "created_at" INTEGER NOT NULL,
            "in_reply_to_post" TEXT NULL,
            "in_reply_to_author" TEXT NULL,
            "likes" INTEGER NOT NULL,
            "shares" INTEGER NOT NULL,
            "quotes" INTEGER NOT NULL,
            "replies" INTEGER NOT NULL,
            "views" INTEGER NULL,
            PRIMARY KEY ("network", "post_id")
        ) WITHOUT ROWID;

        INSERT INTO "posts_coded" ({PostColumns.List()})
        SELECT n."code", {string.Join(", ", PostColumns.All.Skip(1).Select(column => $"p.\"{column}\""))}
        FROM "posts" p CROSS JOIN "networks" n WHERE n."id" = p."network" ORDER BY p."network", p."post_id";

        CREATE TABLE "post_mentions_coded" (
            "network" INTEGER NOT NULL,
            "post_id" TEXT NOT NULL,
            "handle" TEXT NOT NULL,
            PRIMARY KEY ("network", "post_id", "handle"),
            FOREIGN KEY ("network", "post_id") REFERENCES "posts_coded" ("network", "post_id") ON DELETE CASCADE
        ) WITHOUT ROWID;

        INSERT INTO "post_mentions_coded" ("network", "post_id", "handle")
        SELECT n."code", m."post_id", m."handle"
        FROM "post_mentions" m CROSS JOIN "networks" n WHERE n."id" = m."network" ORDER BY m."network", m."post_id", m."handle";

        DROP TABLE "post_mentions";
        DROP TABLE "posts";
        ALTER TABLE "posts_coded" RENAME TO "posts";
        ALTER TABLE "post_mentions_coded" RENAME TO "post_mentions";

        CREATE INDEX "posts_by_author" ON "posts" ("network", "author", "created_at");
        CREATE INDEX "posts_by_reply_author" ON "posts" ("network", "in_reply_to_author")
            WHERE "in_reply_to_author" IS NOT NULL;
        CREATE INDEX "post_mentions_by_handle" ON "post_mentions" ("network", "handle");

        CREATE TRIGGER "posts_insert_aggregates" AFTER INSERT ON "posts" WHEN {TriggersOn}
        BEGIN {Mark("NEW.\"network\"", "NEW.\"author\", NEW.\"in_reply_to_author\"")} END;

        CREATE TRIGGER "posts_update_aggregates" AFTER UPDATE ON "posts" WHEN {TriggersOn}
        BEGIN
            {Mark("OLD.\"network\"", "OLD.\"author\", OLD.\"in_reply_to_author\"")}
            {Mark("NEW.\"network\"", "NEW.\"author\", NEW.\"in_reply_to_author\"")}
        END;

        CREATE TRIGGER "posts_delete_aggregates" AFTER DELETE ON "posts" WHEN {TriggersOn}
        BEGIN {Mark("OLD.\"network\"", "OLD.\"author\", OLD.\"in_reply_to_author\"")} END;

        CREATE TRIGGER "post_mentions_insert_aggregates" AFTER INSERT ON "post_mentions" WHEN {TriggersOn}
        BEGIN {Mark("NEW.\"network\"", "NEW.\"handle\"")} END;

        CREATE TRIGGER "post_mentions_delete_aggregates" AFTER DELETE ON "post_mentions" WHEN {TriggersOn}
        BEGIN {Mark("OLD.\"network\"", "OLD.\"handle\"")} END;

        {DataVersion("posts", "INSERT")}
        {DataVersion("posts", "UPDATE")}
        {DataVersion("posts", "DELETE")}
        {DataVersion("post_mentions", "INSERT")}
        {DataVersion("post_mentions", "DELETE")}
        """;
}
