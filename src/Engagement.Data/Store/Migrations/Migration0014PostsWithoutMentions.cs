namespace Engagement.Data.Store.Migrations;

/// <summary>
/// Drops <c>posts.mentions</c>: the same handles are the post's <c>post_mentions</c> rows, which
/// every reader already used (the scan, the per-account recompute, the marks); the copy in posts
/// only served the import's change detection and the export, which now read the rows. It was 4 MB
/// of the posts' 235 MB at 3,000 brands (bench/RESULTS.md, issue 16). A change of mentions alone
/// now leaves posts untouched, so <c>post_mentions</c> bumps <c>data_version</c> itself (the
/// triggers of migration 3 watched posts only).
/// SQLite rewrites the table in place (<c>ALTER TABLE DROP COLUMN</c>; its pages are reused, the
/// file shrinks with a <c>VACUUM</c> only); PostgreSQL drops the column from the catalog.
/// </summary>
public sealed class Migration0014PostsWithoutMentions : IMigration
{
    public int Version => 14;

    public string Name => "posts_without_mentions";

    public string Script(string dialect) => dialect switch
    {
        "sqlite" => """
            ALTER TABLE "posts" DROP COLUMN "mentions";
            CREATE TRIGGER "post_mentions_insert_data_version" AFTER INSERT ON "post_mentions"
            BEGIN UPDATE "data_version" SET "version" = "version" + 1 WHERE "id" = 1; END;
            CREATE TRIGGER "post_mentions_delete_data_version" AFTER DELETE ON "post_mentions"
            BEGIN UPDATE "data_version" SET "version" = "version" + 1 WHERE "id" = 1; END;
            """,
        "postgres" => """
            ALTER TABLE "posts" DROP COLUMN "mentions";
            CREATE TRIGGER "post_mentions_data_version" AFTER INSERT OR UPDATE OR DELETE ON "post_mentions"
                FOR EACH STATEMENT EXECUTE FUNCTION "data_version_mark"();
            """,
        _ => throw new NotSupportedException($"migration {Version} has no script for {dialect}"),
    };
}
