using System.Data.Common;
using Engagement.Data.Store.Import;

namespace Engagement.Data.Store.Aggregates;

/// <summary>
/// How the importer keeps aggregates right without a trigger per row: inside a file's
/// transaction it switches the row triggers off, and before the merge (while the stored rows
/// are still the old ones) marks, in one statement per kind, the tracked accounts that a new or
/// changed staged row concerns, by its new values and by its old ones.
/// </summary>
internal static class AggregateMarks
{
    private static readonly IReadOnlyList<string> PostValues = PostColumns.Values;

    private const string Upsert = """
        ON CONFLICT ("network", "handle") DO UPDATE SET "generation" = "aggregate_dirty"."generation" + 1
        """;

    private static readonly string Changed =
        $"""(p."network" IS NULL OR {MergeSql.Or(MergeSql.Differs("p", "s", PostValues), PostFileImport.MentionsChanged)})""";

    // DISTINCT: one upsert statement may not update the same mark twice. CROSS JOIN keeps the
    // staged rows outermost on SQLite, which would otherwise loop over accounts and scan them.
    // One statement per handle column (new and stored author and parent author): an equality join
    // with accounts each, where "handle IN (four columns)" gave PostgreSQL no join key at all and a
    // comparison of every staged post with every account of its network. The stored row's columns
    // need the stored row, so those two join it (CROSS JOIN: SQLite keeps the staged rows outermost).
    // The staged posts come with their network's code (PostFileImport.CodedStage), accounts by its id.
    private static readonly string[] PostMarksSql =
    [
        .. new[] { "author", "in_reply_to_author" }.Select(column => $"""
        INSERT INTO "aggregate_dirty" ("network", "handle", "generation")
        SELECT DISTINCT a."network", a."handle", 0 FROM {PostFileImport.CodedStage} s
        LEFT JOIN "posts" p ON p."network" = s."network" AND p."post_id" = s."post_id"
        CROSS JOIN "accounts" a
        WHERE a."network" = s."network_id" AND a."handle" = s."{column}"
            AND {Changed}
        {Upsert}
        """),
        .. new[] { "author", "in_reply_to_author" }.Select(column => $"""
        INSERT INTO "aggregate_dirty" ("network", "handle", "generation")
        SELECT DISTINCT a."network", a."handle", 0 FROM {PostFileImport.CodedStage} s
        CROSS JOIN "posts" p CROSS JOIN "accounts" a
        WHERE p."network" = s."network" AND p."post_id" = s."post_id" AND a."network" = s."network_id" AND a."handle" = p."{column}"
            AND {Changed}
        {Upsert}
        """),
        $"""
        INSERT INTO "aggregate_dirty" ("network", "handle", "generation")
        SELECT DISTINCT a."network", a."handle", 0 FROM "{StagingTables.PostMentions}" m
        CROSS JOIN {PostFileImport.CodedStage} s
        LEFT JOIN "posts" p ON p."network" = s."network" AND p."post_id" = s."post_id"
        CROSS JOIN "accounts" a
        WHERE s."network_id" = m."network" AND s."post_id" = m."post_id" AND a."network" = m."network" AND a."handle" = m."handle"
            AND {Changed}
        {Upsert}
        """,
        $"""
        INSERT INTO "aggregate_dirty" ("network", "handle", "generation")
        SELECT DISTINCT a."network", a."handle", 0 FROM {PostFileImport.CodedStage} s
        CROSS JOIN "posts" p CROSS JOIN "post_mentions" pm CROSS JOIN "accounts" a
        WHERE p."network" = s."network" AND p."post_id" = s."post_id" AND pm."network" = p."network" AND pm."post_id" = p."post_id"
            AND a."network" = s."network_id" AND a."handle" = pm."handle" AND {Changed}
        {Upsert}
        """,
    ];

    private static readonly string FollowerMarksSql = $"""
        INSERT INTO "aggregate_dirty" ("network", "handle", "generation")
        SELECT DISTINCT a."network", a."handle", 0 FROM "{StagingTables.Followers}" s
        LEFT JOIN "followers" f ON f."network" = s."network" AND f."handle" = s."handle" AND f."date" = s."date"
        CROSS JOIN "accounts" a
        WHERE a."network" = s."network" AND a."handle" = s."handle"
            AND (f."network" IS NULL OR f."followers" IS DISTINCT FROM s."followers")
        {Upsert}
        """;

    // After a first load into an empty posts table (PostBulkLoad) every stored post is new: the
    // accounts to mark are those any post names, found by index from each account.
    internal static readonly string LoadedPostMarksSql = $"""
        INSERT INTO "aggregate_dirty" ("network", "handle", "generation")
        SELECT a."network", a."handle", 0 FROM "accounts" a CROSS JOIN "networks" n
        WHERE n."id" = a."network" AND (
            EXISTS (SELECT 1 FROM "posts" p WHERE p."network" = n."code" AND p."author" = a."handle")
            OR EXISTS (SELECT 1 FROM "posts" p WHERE p."network" = n."code" AND p."in_reply_to_author" = a."handle")
            OR EXISTS (SELECT 1 FROM "post_mentions" m WHERE m."network" = n."code" AND m."handle" = a."handle"))
        {Upsert}
        """;

    /// <summary>Every marking statement, for the tests that pin their query plans.</summary>
    internal static IEnumerable<string> Statements => [.. PostMarksSql, FollowerMarksSql];

    /// <summary>Switches the row triggers off (or back on) for the rest of this transaction only.</summary>
    public static Task SetTriggersAsync(DbConnection connection, DbTransaction transaction, bool on, CancellationToken ct) =>
        Sql.ExecuteAsync(connection, transaction, ct,
            $"""UPDATE "aggregate_control" SET "triggers_off" = {(on ? 0 : 1)} WHERE "id" = 1""");

    /// <summary>Before the posts merge: marks the accounts of the staged posts that are new or changed.</summary>
    public static Task MarkStagedPostsAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        Sql.ExecuteAsync(connection, transaction, ct, PostMarksSql);

    /// <summary>After a first load of posts into an empty table: marks every account a post names.</summary>
    public static Task MarkLoadedPostsAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        Sql.ExecuteAsync(connection, transaction, ct, LoadedPostMarksSql);

    /// <summary>Before the followers merge: marks the accounts of the staged snapshots that are new or changed.</summary>
    public static Task MarkStagedFollowersAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        Sql.ExecuteAsync(connection, transaction, ct, FollowerMarksSql);
}
