using System.Data.Common;
using Engagement.Data.Csv;

namespace Engagement.Data.Store.Import;

/// <summary>
/// Imports posts.csv in the caller's transaction. Rows stream into a temporary staging table
/// (a repeated key replaces the earlier row: last wins; how the rows get there is the engine's
/// <see cref="IImportStaging"/>), then one set-based merge counts and applies the differences and
/// re-syncs post_mentions for the posts whose mentions changed. Staging first is what makes the
/// counts exact: a file that repeats a post is compared with the store once, by its last row, so
/// importing it again reports nothing updated.
/// </summary>
internal static class PostFileImport
{
    private const string Stage = StagingTables.Posts;
    private const string StageMentions = StagingTables.PostMentions;

    private const string StageChanged = StagingTables.PostMentionsChanged;

    /// <summary>
    /// The staged posts as posts holds them, to be aliased <c>s</c>: the network's code as
    /// <c>network</c> (migration 15; every staged network is registered first), its id as
    /// <c>network_id</c> for the tables that keep the text (accounts, the staged mentions).
    /// </summary>
    internal static readonly string CodedStage = $"""
        (SELECT n."code" AS "network", n."id" AS "network_id", {string.Join(", ", PostColumns.All.Skip(1).Select(column => $"s.\"{column}\""))}
        FROM "{Stage}" s JOIN "networks" n ON n."id" = s."network")
        """;

    /// <summary>The staged post <c>s</c> (<see cref="CodedStage"/>) is stored with other mentions (listed before the count and the marks).</summary>
    internal const string MentionsChanged =
        $"""EXISTS (SELECT 1 FROM "{StageChanged}" c WHERE c."network" = s."network" AND c."post_id" = s."post_id")""";

    private static readonly string CountSql = MergeSql.Count(CodedStage, "posts", PostColumns.Keys, PostColumns.Values, MentionsChanged);

    private static readonly string UpsertSql = MergeSql.Upsert(CodedStage, "posts", PostColumns.Keys, PostColumns.Values);

    // The stored posts whose set of mentions differs from the staged one: a staged handle not
    // stored, or a stored one not staged. Both sides are found by post through their keys; the
    // list holds the network's code.
    private static readonly string ListChangedMentionsSql = $"""
        INSERT INTO "{StageChanged}" ("network", "post_id")
        SELECT s."network", s."post_id" FROM {CodedStage} s
        WHERE EXISTS (SELECT 1 FROM "posts" p WHERE p."network" = s."network" AND p."post_id" = s."post_id")
            AND (EXISTS (
                    SELECT 1 FROM "{StageMentions}" m
                    WHERE m."network" = s."network_id" AND m."post_id" = s."post_id"
                        AND NOT EXISTS (SELECT 1 FROM "post_mentions" pm
                            WHERE pm."network" = s."network" AND pm."post_id" = m."post_id" AND pm."handle" = m."handle"))
                OR EXISTS (
                    SELECT 1 FROM "post_mentions" pm
                    WHERE pm."network" = s."network" AND pm."post_id" = s."post_id"
                        AND NOT EXISTS (SELECT 1 FROM "{StageMentions}" m
                            WHERE m."network" = s."network_id" AND m."post_id" = pm."post_id" AND m."handle" = pm."handle")))
        """;

    // Old mention rows of the posts whose mentions changed; the new ones are inserted after.
    private static readonly string DeleteChangedMentionsSql = $"""
        DELETE FROM "post_mentions" WHERE ("network", "post_id") IN (SELECT "network", "post_id" FROM "{StageChanged}")
        """;

    private static readonly string InsertMentionsSql = $"""
        INSERT INTO "post_mentions" ("network", "post_id", "handle")
        SELECT n."code", m."post_id", m."handle" FROM "{StageMentions}" m JOIN "networks" n ON n."id" = m."network" WHERE true
        ON CONFLICT DO NOTHING
        """;

    public static async Task<FileImportResult> ImportAsync(
        DbConnection connection, DbTransaction transaction, ISqlDialect dialect, DatasetFile file,
        ImportSettings settings, IProgress<ImportProgress>? progress, FirstLoadRouting routing, CancellationToken ct)
    {
        // Whatever this file does to the posts, what an earlier file routed is no longer all of them.
        routing.Drop();
        var counts = new ImportCounts(settings.MaxListedErrors);
        if (await PostBulkLoad.AppliesAsync(connection, transaction, ct))
        {
            return await LoadAsync(connection, transaction, dialect, file, settings, counts, progress, routing, ct);
        }

        if (await Postgres.PostgresPostLoad.AppliesAsync(connection, transaction, ct)
            && await Postgres.PostgresPostLoad.TryLoadAsync(connection, transaction, file, settings, progress, ct) is { } loaded)
        {
            return loaded;
        }

        await Sql.ExecuteAsync(connection, transaction, ct, $"""
            CREATE TEMP TABLE "{Stage}" ({PostColumns.Definitions},
                PRIMARY KEY ("network", "post_id")){dialect.KeyedTableSuffix}
            """, $"""
            CREATE TEMP TABLE "{StageMentions}" (
                "network" TEXT NOT NULL, "post_id" TEXT NOT NULL, "handle" TEXT NOT NULL,
                PRIMARY KEY ("network", "post_id", "handle")){dialect.KeyedTableSuffix}
            """, $"""
            CREATE TEMP TABLE "{StageChanged}" (
                "network" INTEGER NOT NULL, "post_id" TEXT NOT NULL, PRIMARY KEY ("network", "post_id")){dialect.KeyedTableSuffix}
            """);

        long rows;
        await using (var stage = await dialect.Staging.OpenPostsAsync(connection, transaction, ct))
        {
            using var reader = CanonicalCsv.OpenFile(file.Path);
            rows = await StagedFile.StageAsync(stage, CanonicalCsv.ReadPosts(reader, file.FileName, settings.Rules), file, counts, progress, ct);
        }

        // A network met for the first time gets its code here, in the import's transaction.
        await NetworkCodes.RegisterStagedAsync(connection, transaction, Stage, ct);
        await Sql.ExecuteAsync(connection, transaction, ct, ListChangedMentionsSql);
        if (await StagedFile.CountAsync(connection, transaction, CountSql, counts, ct))
        {
            await Aggregates.AggregateMarks.MarkStagedPostsAsync(connection, transaction, ct);
        }

        // After the marks, which read the posts by their old values; the aggregates' recompute reads them by index again.
        var indices = await BulkLoadIndices.DropIfEmptyAsync(connection, transaction, dialect, "posts", triggers: false, ct);
        var mentionIndices = await BulkLoadIndices.DropIfEmptyAsync(connection, transaction, dialect, "post_mentions", triggers: false, ct);
        await Sql.ExecuteAsync(connection, transaction, ct,
            DeleteChangedMentionsSql, UpsertSql, InsertMentionsSql,
            $"""DROP TABLE "{StageChanged}" """, $"""DROP TABLE "{StageMentions}" """, $"""DROP TABLE "{Stage}" """);
        if (indices is not null)
        {
            await indices.RebuildAsync(connection, transaction, ct);
        }

        if (mentionIndices is not null)
        {
            await mentionIndices.RebuildAsync(connection, transaction, ct);
        }

        progress?.Report(new ImportProgress(file.Path, file.Kind, rows, Completed: true));
        return counts.ToResult(file.Path, file.Kind);
    }

    // The first posts file of a SQLite store: straight into the tables, indices built after, then
    // every account a post names is marked (all of its posts are new).
    private static async Task<FileImportResult> LoadAsync(
        DbConnection connection, DbTransaction transaction, ISqlDialect dialect, DatasetFile file,
        ImportSettings settings, ImportCounts counts, IProgress<ImportProgress>? progress, FirstLoadRouting routing, CancellationToken ct)
    {
        var indices = await BulkLoadIndices.DropIfEmptyAsync(connection, transaction, dialect, "posts", triggers: true, ct);
        var mentionIndices = await BulkLoadIndices.DropIfEmptyAsync(connection, transaction, dialect, "post_mentions", triggers: true, ct);
        // The aggregates' input, routed on the parsing thread as the rows go by (the accounts file came before).
        var routed = await routing.StartAsync(connection, transaction, ct);
        long rows;
        await using (var load = PostBulkLoad.Open(connection))
        {
            using var reader = CanonicalCsv.OpenFile(file.Path);
            rows = await StagedFile.StageAsync(
                load, CanonicalCsv.ReadPosts(reader, file.FileName, settings.Rules), file, counts, progress, ct, routed is null ? null : routed.Add);
            counts.Stored = load.Written - counts.Repeated;
        }

        if (counts.Repeated > 0)
        {
            // A later row replaced an earlier one in the table, but both were routed.
            routing.Drop();
        }

        await (indices?.RebuildAsync(connection, transaction, ct) ?? Task.CompletedTask);
        await (mentionIndices?.RebuildAsync(connection, transaction, ct) ?? Task.CompletedTask);
        if (counts.Stored > 0)
        {
            // Once for the load, where the dropped row triggers would have bumped it per row.
            await Sql.ExecuteAsync(connection, transaction, ct, """UPDATE "data_version" SET "version" = "version" + 1 WHERE "id" = 1""");
            await Aggregates.AggregateMarks.MarkLoadedPostsAsync(connection, transaction, ct);
        }

        progress?.Report(new ImportProgress(file.Path, file.Kind, rows, Completed: true));
        return counts.ToResult(file.Path, file.Kind);
    }
}
