using System.Data.Common;
using System.Globalization;
using Engagement.Domain.Model;

namespace Engagement.Data.Store;

/// <summary>
/// Column lists and row readers shared by the loader and the exporter. They read by ordinal from
/// a <see cref="DbDataReader"/> because these queries stream every post of the store.
/// </summary>
internal static class StoreRows
{
    /// <summary>
    /// The posts table's columns (alias <c>p</c>) in the order <see cref="ReadPosts"/> reads them,
    /// the network as its id (alias <c>n</c>: posts holds its code).
    /// </summary>
    public static readonly string PostColumns = string.Join(", ", Store.PostColumns.All.Select(column => column == "network" ? "n.\"id\"" : $"p.\"{column}\""));

    public const string FollowerColumns = """f."network", f."handle", f."date", f."followers" """;

    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>
    /// Every post with its mentions, in key order (network id, then post id; one SQL text for
    /// both engines): a post is one row per mention (one row when none). The networks come
    /// outermost, in their ids' order, each one's posts along the key that starts with its code:
    /// no sort, whatever order the codes were given in. <paramref name="from"/> names the
    /// posts as <c>p</c> and their networks as <c>n</c>, alone or joined to other tables.
    /// </summary>
    public static string PostsWithMentionsSql(string from = "\"networks\" n JOIN \"posts\" p ON p.\"network\" = n.\"code\"") => $"""
        SELECT {PostColumns}, m."handle"
        FROM {from}
        LEFT JOIN "post_mentions" m ON m."network" = p."network" AND m."post_id" = p."post_id"
        ORDER BY n."id", p."post_id"
        """;

    /// <summary>
    /// Reads the rows of <see cref="PostsWithMentionsSql"/> as posts, one per key (its rows are
    /// consecutive), synchronously: the CSV writers pull.
    /// The mentions come in ordinal order, as a parsed row lists them, whatever the engine's collation.
    /// </summary>
    public static IEnumerable<Post> ReadPosts(DbDataReader reader)
    {
        var mentionOrdinal = Store.PostColumns.All.Count;
        Post? current = null;
        var mentions = new List<string>();
        while (reader.Read())
        {
            if (current is not null && (current.Network != reader.GetString(0) || current.PostId != reader.GetString(1)))
            {
                yield return WithMentions(current, mentions);
                mentions.Clear();
                current = null;
            }

            current ??= ReadPost(reader);

            if (!reader.IsDBNull(mentionOrdinal))
            {
                mentions.Add(reader.GetString(mentionOrdinal));
            }
        }

        if (current is not null)
        {
            yield return WithMentions(current, mentions);
        }
    }

    private static Post WithMentions(Post post, List<string> mentions)
    {
        if (mentions.Count == 0)
        {
            return post;
        }

        mentions.Sort(StringComparer.Ordinal);
        return post with { Mentions = mentions.ToArray() };
    }

    private static Post ReadPost(DbDataReader row) => new(
        row.GetString(0),
        row.GetString(1),
        row.GetString(2),
        row.GetInt64(3),
        row.IsDBNull(4) ? null : row.GetString(4),
        row.IsDBNull(5) ? null : row.GetString(5),
        [],
        row.GetInt64(6),
        row.GetInt64(7),
        row.GetInt64(8),
        row.GetInt64(9),
        row.IsDBNull(10) ? null : row.GetInt64(10));

    public static FollowerSnapshot ReadFollower(DbDataReader row) => new(
        row.GetString(0),
        row.GetString(1),
        ParseDate(row.GetString(2)),
        row.GetInt64(3));

    public static string FormatDate(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static DateOnly ParseDate(string text) => ParseDate(text.AsSpan());

    public static DateOnly ParseDate(ReadOnlySpan<char> text) => DateOnly.ParseExact(text, DateFormat, CultureInfo.InvariantCulture);

    /// <summary>Streams the rows of a reader as records; the reader is consumed synchronously (CSV writers pull).</summary>
    public static IEnumerable<T> Stream<T>(DbDataReader reader, Func<DbDataReader, T> read)
    {
        while (reader.Read())
        {
            yield return read(reader);
        }
    }
}
