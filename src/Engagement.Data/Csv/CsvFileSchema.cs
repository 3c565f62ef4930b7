namespace Engagement.Data.Csv;

/// <summary>The known columns of one canonical file, in canonical order, and which are required.</summary>
internal sealed record CsvFileSchema(IReadOnlyList<CsvColumnSpec> Columns)
{
    public static readonly CsvFileSchema Brands = new([new("brand", true), new("name", true), new("industry", false)]);

    public static readonly CsvFileSchema Accounts = new([new("brand", true), new("network", true), new("handle", true)]);

    public static readonly CsvFileSchema Posts = new(
    [
        new("network", true), new("post_id", true), new("author", true), new("created_at", true),
        new("in_reply_to_post", false), new("in_reply_to_author", false), new("mentions", false),
        new("likes", false), new("shares", false), new("quotes", false), new("replies", false), new("views", false),
    ]);

    public static readonly CsvFileSchema Followers = new(
        [new("network", true), new("handle", true), new("date", true), new("followers", true)]);
}

internal sealed record CsvColumnSpec(string Name, bool Required);
