namespace Engagement.Data.Store.Migrations;

/// <summary>
/// The initial schema. Instants are INTEGER microseconds since the Unix epoch (UTC), like
/// <c>Post.CreatedAt</c>; dates are TEXT <c>YYYY-MM-DD</c>; handles are stored normalised.
/// Tables keyed by text use WITHOUT ROWID, which stores each row once, in key order.
/// </summary>
public sealed class Migration0001Initial : IMigration
{
    public int Version => 1;

    public string Name => "initial";

    public string Script(string dialect) => dialect switch
    {
        "sqlite" => Sqlite,
        "postgres" => Postgres.PostgresMigration0001.Script,
        _ => throw new NotSupportedException($"migration {Version} has no script for {dialect}"),
    };

    private const string Sqlite = """
        CREATE TABLE "brands" (
            "id" TEXT NOT NULL PRIMARY KEY,
            "name" TEXT NOT NULL,
            "industry" TEXT NULL
        ) WITHOUT ROWID;

        CREATE TABLE "accounts" (
            "network" TEXT NOT NULL,
            "handle" TEXT NOT NULL,
            "brand" TEXT NOT NULL REFERENCES "brands" ("id") ON DELETE CASCADE,
            PRIMARY KEY ("network", "handle"),
            UNIQUE ("brand", "network")
        ) WITHOUT ROWID;

        CREATE TABLE "posts" (
            "network" TEXT NOT NULL,
            "post_id" TEXT NOT NULL,
            "author" TEXT NOT NULL,
            "created_at" INTEGER NOT NULL,
            "in_reply_to_post" TEXT NULL,
            "in_reply_to_author" TEXT NULL,
            "mentions" TEXT NULL,
            "likes" INTEGER NOT NULL,
            "shares" INTEGER NOT NULL,
            "quotes" INTEGER NOT NULL,
            "replies" INTEGER NOT NULL,
            "views" INTEGER NULL,
            PRIMARY KEY ("network", "post_id")
        ) WITHOUT ROWID;

        -- An account's own posts in a window; replies aimed at an account; answers to a post.
        -- The reply indices are partial: most posts reply to nobody.
        CREATE INDEX "posts_by_author" ON "posts" ("network", "author", "created_at");
        CREATE INDEX "posts_by_reply_author" ON "posts" ("network", "in_reply_to_author")
            WHERE "in_reply_to_author" IS NOT NULL;
        CREATE INDEX "posts_by_reply_post" ON "posts" ("network", "in_reply_to_post")
            WHERE "in_reply_to_post" IS NOT NULL;

        -- posts.mentions split into rows, so the posts mentioning an account are found by index.
        CREATE TABLE "post_mentions" (
            "network" TEXT NOT NULL,
            "post_id" TEXT NOT NULL,
            "handle" TEXT NOT NULL,
            PRIMARY KEY ("network", "post_id", "handle"),
            FOREIGN KEY ("network", "post_id") REFERENCES "posts" ("network", "post_id") ON DELETE CASCADE
        ) WITHOUT ROWID;

        CREATE INDEX "post_mentions_by_handle" ON "post_mentions" ("network", "handle");

        CREATE TABLE "followers" (
            "network" TEXT NOT NULL,
            "handle" TEXT NOT NULL,
            "date" TEXT NOT NULL,
            "followers" INTEGER NOT NULL,
            PRIMARY KEY ("network", "handle", "date")
        ) WITHOUT ROWID;

        CREATE TABLE "peer_sets" (
            "name" TEXT NOT NULL PRIMARY KEY
        ) WITHOUT ROWID;

        CREATE TABLE "peer_set_members" (
            "name" TEXT NOT NULL REFERENCES "peer_sets" ("name") ON DELETE CASCADE,
            "brand" TEXT NOT NULL REFERENCES "brands" ("id") ON DELETE CASCADE,
            PRIMARY KEY ("name", "brand")
        ) WITHOUT ROWID;

        -- Deleting a brand finds its memberships by this index instead of a scan.
        CREATE INDEX "peer_set_members_by_brand" ON "peer_set_members" ("brand");

        CREATE TABLE "api_keys" (
            "id" INTEGER NOT NULL PRIMARY KEY,
            "name" TEXT NOT NULL UNIQUE,
            "scope" TEXT NOT NULL CHECK ("scope" IN ('read', 'admin')),
            "key_hash" TEXT NOT NULL UNIQUE,
            "created_at" INTEGER NOT NULL,
            "revoked_at" INTEGER NULL
        );

        CREATE TABLE "collector_state" (
            "network" TEXT NOT NULL,
            "handle" TEXT NOT NULL,
            "cursor" TEXT NULL,
            "last_run_at" INTEGER NULL,
            "last_error" TEXT NULL,
            "next_run_at" INTEGER NULL,
            PRIMARY KEY ("network", "handle")
        ) WITHOUT ROWID;
        """;
}
