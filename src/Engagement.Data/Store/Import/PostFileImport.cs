using System.Data.Common;
using Engagement.Data.Csv;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Import;

/// <summary>
/// Imports posts.csv in the caller's transaction. Rows stream into a temporary staging table
/// (a repeated key replaces the earlier row: last wins), then one set-based merge counts and
/// applies the differences and re-syncs post_mentions for the posts whose mentions changed.
/// Staging first is what makes the counts exact: a file that repeats a post is compared with the
/// store once, by its last row, so importing it again reports nothing updated.
/// </summary>
internal static class PostFileImport
{
    private const string Stage = "import_posts";
    private const string StageMentions = "import_post_mentions";
    private const int ProgressEvery = 10_000;

    private static readonly string[] Keys = ["network", "post_id"];

    private static readonly string[] Values =
        ["author", "created_at", "in_reply_to_post", "in_reply_to_author", "mentions", "likes", "shares", "quotes", "replies", "views"];

    private static readonly string[] Parameters = [.. Keys, .. Values];

    private static readonly string StageInsertSql = $"""
        INSERT INTO "{Stage}" ({string.Join(", ", Parameters.Select(MergeSql.Quote))})
        VALUES ({string.Join(", ", Parameters.Select(p => "@" + p))})
        ON CONFLICT ("network", "post_id") DO NOTHING
        """;

    private static readonly string StageReplaceSql = $"""
        UPDATE "{Stage}" SET {string.Join(", ", Values.Select(v => $"{MergeSql.Quote(v)} = @{v}"))}
        WHERE "network" = @network AND "post_id" = @post_id
        """;

    private static readonly string CountSql = MergeSql.Count(Stage, "posts", Keys, Values);

    private static readonly string UpsertSql = MergeSql.Upsert(Stage, "posts", Keys, Values);

    // Old mention rows of the posts whose mentions changed; the new ones are inserted after.
    private static readonly string DeleteChangedMentionsSql = $"""
        DELETE FROM "post_mentions" WHERE ("network", "post_id") IN (
            SELECT s."network", s."post_id" FROM "{Stage}" s
            JOIN "posts" p ON p."network" = s."network" AND p."post_id" = s."post_id"
            WHERE p."mentions" IS DISTINCT FROM s."mentions")
        """;

    private static readonly string InsertMentionsSql = $"""
        INSERT INTO "post_mentions" ("network", "post_id", "handle")
        SELECT "network", "post_id", "handle" FROM "{StageMentions}" WHERE true
        ON CONFLICT DO NOTHING
        """;

    public static async Task<FileImportResult> ImportAsync(
        DbConnection connection, DbTransaction transaction, ISqlDialect dialect, DatasetFile file,
        IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var counts = new ImportCounts();
        await Sql.ExecuteAsync(connection, transaction, ct, $"""
            CREATE TEMP TABLE "{Stage}" (
                "network" TEXT NOT NULL, "post_id" TEXT NOT NULL, "author" TEXT NOT NULL, "created_at" INTEGER NOT NULL,
                "in_reply_to_post" TEXT NULL, "in_reply_to_author" TEXT NULL, "mentions" TEXT NULL,
                "likes" INTEGER NOT NULL, "shares" INTEGER NOT NULL, "quotes" INTEGER NOT NULL, "replies" INTEGER NOT NULL,
                "views" INTEGER NULL,
                PRIMARY KEY ("network", "post_id")){dialect.KeyedTableSuffix}
            """, $"""
            CREATE TEMP TABLE "{StageMentions}" (
                "network" TEXT NOT NULL, "post_id" TEXT NOT NULL, "handle" TEXT NOT NULL,
                PRIMARY KEY ("network", "post_id", "handle")){dialect.KeyedTableSuffix}
            """);

        long rows = 0;
        await using (var insert = new BatchCommand(connection, transaction, StageInsertSql, Parameters))
        await using (var replace = new BatchCommand(connection, transaction, StageReplaceSql, Parameters))
        await using (var dropMentions = new BatchCommand(
            connection, transaction, $"""DELETE FROM "{StageMentions}" WHERE "network" = @network AND "post_id" = @post_id""", Keys))
        await using (var addMention = new BatchCommand(
            connection, transaction, $"""INSERT INTO "{StageMentions}" ("network", "post_id", "handle") VALUES (@network, @post_id, @handle)""",
            "network", "post_id", "handle"))
        {
            using var reader = CanonicalCsv.OpenFile(file.Path);
            foreach (var record in CanonicalCsv.ReadPosts(reader, file.FileName))
            {
                if (++rows % ProgressEvery == 0)
                {
                    progress?.Report(new ImportProgress(file.Path, file.Kind, rows, Completed: false));
                }

                if (record.Value is not { } post)
                {
                    counts.Reject(record.Errors);
                    continue;
                }

                if (await Bind(insert, post).ExecuteAsync(ct) == 0)
                {
                    // The same post earlier in this file: this later row replaces it, mentions included.
                    counts.Repeated++;
                    await Bind(replace, post).ExecuteAsync(ct);
                    await dropMentions.Set(0, post.Network).Set(1, post.PostId).ExecuteAsync(ct);
                }

                // The reader lists each mention once, so there is no duplicate key to handle here.
                foreach (var mention in post.Mentions)
                {
                    await addMention.Set(0, post.Network).Set(1, post.PostId).Set(2, mention).ExecuteAsync(ct);
                }
            }
        }

        var (staged, added, changed) = await Sql.CountsAsync(connection, transaction, CountSql, ct);
        counts.Stored = added;
        counts.Updated = changed;
        counts.Unchanged = staged - added - changed;
        await Sql.ExecuteAsync(connection, transaction, ct,
            DeleteChangedMentionsSql, UpsertSql, InsertMentionsSql, $"""DROP TABLE "{StageMentions}" """, $"""DROP TABLE "{Stage}" """);
        progress?.Report(new ImportProgress(file.Path, file.Kind, rows, Completed: true));
        return counts.ToResult(file.Path, file.Kind);
    }

    private static BatchCommand Bind(BatchCommand command, Post post) => command
        .Set(0, post.Network)
        .Set(1, post.PostId)
        .Set(2, post.Author)
        .Set(3, post.CreatedAt)
        .Set(4, post.InReplyToPost)
        .Set(5, post.InReplyToAuthor)
        .Set(6, StoreRows.JoinMentions(post.Mentions))
        .Set(7, post.Likes)
        .Set(8, post.Shares)
        .Set(9, post.Quotes)
        .Set(10, post.Replies)
        .Set(11, post.Views);
}
