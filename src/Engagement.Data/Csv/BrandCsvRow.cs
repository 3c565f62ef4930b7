using CsvHelper;

namespace Engagement.Data.Csv;

/// <summary>
/// A brands.csv row as text, before validation; the member order is the canonical column order
/// the writer uses. Every column is optional for CsvHelper: <see cref="CsvRowSource"/> checks the
/// header itself, because it must reject a file the way docs/data-format.md says.
/// </summary>
[CsvRecord]
public sealed partial record BrandCsvRow
{
    [CsvColumn("brand", Optional = true)]
    public string? Brand { get; init; }

    [CsvColumn("name", Optional = true)]
    public string? Name { get; init; }

    [CsvColumn("industry", Optional = true)]
    public string? Industry { get; init; }
}
