using CsvHelper;

namespace Engagement.Data.Csv;

/// <summary>A followers.csv row as text (see <see cref="BrandCsvRow"/>).</summary>
[CsvRecord]
public sealed partial record FollowerCsvRow
{
    [CsvColumn("network", Optional = true)]
    public string? Network { get; init; }

    [CsvColumn("handle", Optional = true)]
    public string? Handle { get; init; }

    [CsvColumn("date", Optional = true)]
    public string? Date { get; init; }

    [CsvColumn("followers", Optional = true)]
    public string? Followers { get; init; }
}
