using CsvHelper;

namespace Engagement.Data.Csv;

/// <summary>A posts.csv row as text (see <see cref="BrandCsvRow"/>); mentions are joined with ';'.</summary>
[CsvRecord]
public sealed partial record PostCsvRow
{
    [CsvColumn("network", Optional = true)]
    public string? Network { get; init; }

    [CsvColumn("post_id", Optional = true)]
    public string? PostId { get; init; }

    [CsvColumn("author", Optional = true)]
    public string? Author { get; init; }

    [CsvColumn("created_at", Optional = true)]
    public string? CreatedAt { get; init; }

    [CsvColumn("in_reply_to_post", Optional = true)]
    public string? InReplyToPost { get; init; }

    [CsvColumn("in_reply_to_author", Optional = true)]
    public string? InReplyToAuthor { get; init; }

    [CsvColumn("mentions", Optional = true)]
    public string? Mentions { get; init; }

    [CsvColumn("likes", Optional = true)]
    public string? Likes { get; init; }

    [CsvColumn("shares", Optional = true)]
    public string? Shares { get; init; }

    [CsvColumn("quotes", Optional = true)]
    public string? Quotes { get; init; }

    [CsvColumn("replies", Optional = true)]
    public string? Replies { get; init; }

    [CsvColumn("views", Optional = true)]
    public string? Views { get; init; }
}
