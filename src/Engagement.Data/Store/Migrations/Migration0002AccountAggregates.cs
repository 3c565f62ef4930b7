namespace Engagement.Data.Store.Migrations;

/// <summary>
/// The fast path of reports: per tracked account, daily aggregates of its posts, so that a
/// window is a sum over days instead of a scan of posts (see <see cref="Aggregates.AggregateStore"/>).
/// <list type="bullet">
/// <item><c>account_aggregates</c>: one row per tracked account: the months its daily rows
/// cover, its latest own post (the default window) and its earliest and latest follower counts
/// (the followers of a day outside those months).</item>
/// <item><c>account_months</c>: one row per tracked account and month (year * 12 + month - 1),
/// keyed by month first so a window reads only its months; <c>data</c> packs the month's days
/// (<see cref="Aggregates.MonthCodec"/>). A row outside its account's month range is a leftover
/// and is never read.</item>
/// <item><c>aggregate_dirty</c>: tracked accounts whose rows must be recomputed from their posts
/// before a report reads them. Triggers mark them on every change of posts, mentions, followers
/// and accounts, whoever writes; <c>generation</c> grows with each mark, so a recomputation only
/// clears the marks it has seen.</item>
/// <item><c>aggregate_control</c>: a bulk writer that marks the accounts it touches itself, set
/// based (the importer), switches the row triggers off inside its own transaction.</item>
/// </list>
/// Every tracked account starts marked, so a store migrated with posts already in it gets them.
/// </summary>
public sealed class Migration0002AccountAggregates : IMigration
{
    public int Version => 2;

    public string Name => "account_aggregates";

    public string Script(string dialect) => dialect switch
    {
        "sqlite" => Sqlite,
        "postgres" => Postgres.PostgresMigration0002.Script,
        _ => throw new NotSupportedException($"migration {Version} has no script for {dialect}"),
    };

    internal const string TriggersOn = """(SELECT "triggers_off" FROM "aggregate_control" WHERE "id" = 1) = 0""";

    // Marks the tracked accounts among (network, handle IN handles); an existing mark gets a new generation.
    internal static string Mark(string network, string handles) => $"""
        INSERT INTO "aggregate_dirty" ("network", "handle", "generation")
        SELECT "network", "handle", 0 FROM "accounts" WHERE "network" = {network} AND "handle" IN ({handles})
        ON CONFLICT ("network", "handle") DO UPDATE SET "generation" = "aggregate_dirty"."generation" + 1;
        """;

    private static readonly string Sqlite = $"""
        CREATE TABLE "account_aggregates" (
            "network" TEXT NOT NULL,
            "handle" TEXT NOT NULL,
            "first_month" INTEGER NULL,
            "last_month" INTEGER NULL,
            "latest_own_post" INTEGER NULL,
            "earliest_followers" INTEGER NULL,
            "latest_followers" INTEGER NULL,
            PRIMARY KEY ("network", "handle")
        ) WITHOUT ROWID;

        CREATE TABLE "account_months" (
            "month" INTEGER NOT NULL,
            "network" TEXT NOT NULL,
            "handle" TEXT NOT NULL,
            "data" BLOB NOT NULL,
            PRIMARY KEY ("month", "network", "handle")
        ) WITHOUT ROWID;

        CREATE TABLE "aggregate_dirty" (
            "network" TEXT NOT NULL,
            "handle" TEXT NOT NULL,
            "generation" INTEGER NOT NULL,
            PRIMARY KEY ("network", "handle")
        ) WITHOUT ROWID;

        CREATE TABLE "aggregate_control" (
            "id" INTEGER NOT NULL PRIMARY KEY CHECK ("id" = 1),
            "triggers_off" INTEGER NOT NULL
        );

        INSERT INTO "aggregate_control" ("id", "triggers_off") VALUES (1, 0);

        INSERT INTO "aggregate_dirty" ("network", "handle", "generation") SELECT "network", "handle", 0 FROM "accounts";

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

        CREATE TRIGGER "followers_insert_aggregates" AFTER INSERT ON "followers" WHEN {TriggersOn}
        BEGIN {Mark("NEW.\"network\"", "NEW.\"handle\"")} END;

        CREATE TRIGGER "followers_update_aggregates" AFTER UPDATE ON "followers" WHEN {TriggersOn}
        BEGIN {Mark("NEW.\"network\"", "NEW.\"handle\"")} END;

        CREATE TRIGGER "followers_delete_aggregates" AFTER DELETE ON "followers" WHEN {TriggersOn}
        BEGIN {Mark("OLD.\"network\"", "OLD.\"handle\"")} END;

        -- A new account may have posts already: it is computed before it is read.
        CREATE TRIGGER "accounts_insert_aggregates" AFTER INSERT ON "accounts"
        BEGIN {Mark("NEW.\"network\"", "NEW.\"handle\"")} END;

        -- An untracked account is not kept up to date: forget its rows (its month rows fall
        -- outside any range once the summary is gone, and are rewritten if it comes back).
        CREATE TRIGGER "accounts_delete_aggregates" AFTER DELETE ON "accounts"
        BEGIN
            DELETE FROM "account_aggregates" WHERE "network" = OLD."network" AND "handle" = OLD."handle";
            DELETE FROM "aggregate_dirty" WHERE "network" = OLD."network" AND "handle" = OLD."handle";
        END;
        """;
}
