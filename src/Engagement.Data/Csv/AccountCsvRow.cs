using CsvHelper;

namespace Engagement.Data.Csv;

/// <summary>An accounts.csv row as text (see <see cref="BrandCsvRow"/>).</summary>
[CsvRecord]
public sealed partial record AccountCsvRow
{
    [CsvColumn("brand", Optional = true)]
    public string? Brand { get; init; }

    [CsvColumn("network", Optional = true)]
    public string? Network { get; init; }

    [CsvColumn("handle", Optional = true)]
    public string? Handle { get; init; }
}
