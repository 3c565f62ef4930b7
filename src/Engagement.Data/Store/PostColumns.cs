using Engagement.Data.Store.Import;

namespace Engagement.Data.Store;

/// <summary>
/// The columns of the posts table, defined once: the import's staging tables, its merge and
/// COPY, the aggregates' change marks, the loader and the export read them from here, and the
/// collectors' upsert is built from them. A new column is added here (and by a migration).
/// </summary>
public static class PostColumns
{
    /// <summary>The key: a post id is unique within its network.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["network", "post_id"];

    /// <summary>
    /// Everything else, in the order rows are read and written. The mentions are not a column:
    /// they live in <c>post_mentions</c> only, one row per handle (a copy in posts cost 4 MB of
    /// 235 at 3,000 brands and a second truth to keep in step; issue 16).
    /// </summary>
    public static IReadOnlyList<string> Values { get; } =
        ["author", "created_at", "in_reply_to_post", "in_reply_to_author", "likes", "shares", "quotes", "replies", "views"];

    /// <summary>Keys then values: the order of <see cref="StoreRows.ReadPosts"/>'s ordinals.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Keys, .. Values];

    /// <summary>
    /// The column definitions of a table shaped like posts (staging tables): text ids and handles,
    /// BIGINT instants and counts (64-bit on SQLite and PostgreSQL alike); only the parent post,
    /// its author and the views may be null.
    /// </summary>
    public static string Definitions { get; } = string.Join(", ", All.Select(column => $"{MergeSql.Quote(column)} {TypeOf(column)}"));

    /// <summary>The columns, quoted and comma-separated, optionally prefixed by a table alias.</summary>
    public static string List(string? alias = null) =>
        string.Join(", ", All.Select(column => alias is null ? MergeSql.Quote(column) : $"{alias}.{MergeSql.Quote(column)}"));

    /// <summary>
    /// Inserts one post from parameters named after its properties (<c>@Network</c>, <c>@PostId</c>,
    /// <c>@InReplyToPost</c>...), updating a stored one only where a value differs, so an unchanged
    /// row is not rewritten (no trigger fires, the data version stays). The network is stored as its
    /// code: the caller registers it first (<see cref="NetworkCodes.EnsureAsync"/>).
    /// </summary>
    public static string UpsertSql { get; } = $"""
        INSERT INTO "posts" ({List()})
        VALUES ({string.Join(", ", All.Select(column => column == "network" ? NetworkCodes.CodeOf("@Network") : "@" + Parameter(column)))})
        ON CONFLICT ({string.Join(", ", Keys.Select(MergeSql.Quote))}) DO UPDATE SET
            {string.Join(", ", Values.Select(column => $"{MergeSql.Quote(column)} = excluded.{MergeSql.Quote(column)}"))}
        WHERE {MergeSql.Differs("\"posts\"", "excluded", Values)}
        """;

    /// <summary>A column's parameter and property name: <c>in_reply_to_post</c> is <c>InReplyToPost</c>.</summary>
    public static string Parameter(string column) =>
        string.Concat(column.Split('_').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    private static string TypeOf(string column) => column switch
    {
        "created_at" or "likes" or "shares" or "quotes" or "replies" => "BIGINT NOT NULL",
        "views" => "BIGINT NULL",
        "in_reply_to_post" or "in_reply_to_author" => "TEXT NULL",
        _ => "TEXT NOT NULL",
    };
}
