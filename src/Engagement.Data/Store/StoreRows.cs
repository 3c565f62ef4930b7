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
    /// <summary>The posts table's columns (alias <c>p</c>) in the order <see cref="ReadPost"/> reads them.</summary>
    public static readonly string PostColumns = Store.PostColumns.List("p");

    public const string FollowerColumns = """f."network", f."handle", f."date", f."followers" """;

    public const string DateFormat = "yyyy-MM-dd";

    public static Post ReadPost(DbDataReader row) => new(
        row.GetString(0),
        row.GetString(1),
        row.GetString(2),
        row.GetInt64(3),
        row.IsDBNull(4) ? null : row.GetString(4),
        row.IsDBNull(5) ? null : row.GetString(5),
        row.IsDBNull(6) ? [] : SplitMentions(row.GetString(6)),
        row.GetInt64(7),
        row.GetInt64(8),
        row.GetInt64(9),
        row.GetInt64(10),
        row.IsDBNull(11) ? null : row.GetInt64(11));

    public static FollowerSnapshot ReadFollower(DbDataReader row) => new(
        row.GetString(0),
        row.GetString(1),
        ParseDate(row.GetString(2)),
        row.GetInt64(3));

    /// <summary>posts.mentions: the normalised handles joined by ';' (a handle never holds one), null when none.</summary>
    public static string? JoinMentions(IReadOnlyList<string> mentions) => mentions.Count == 0 ? null : string.Join(';', mentions);

    public static string FormatDate(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static DateOnly ParseDate(string text) => ParseDate(text.AsSpan());

    public static DateOnly ParseDate(ReadOnlySpan<char> text) => DateOnly.ParseExact(text, DateFormat, CultureInfo.InvariantCulture);

    private static string[] SplitMentions(string text) => text.Split(';');

    /// <summary>Streams the rows of a reader as records; the reader is consumed synchronously (CSV writers pull).</summary>
    public static IEnumerable<T> Stream<T>(DbDataReader reader, Func<DbDataReader, T> read)
    {
        while (reader.Read())
        {
            yield return read(reader);
        }
    }
}
