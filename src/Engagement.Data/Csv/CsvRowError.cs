namespace Engagement.Data.Csv;

/// <summary>
/// A rejected row: where it is (file, physical line where the record starts) and why.
/// <see cref="Column"/> is "-" when the row as a whole is wrong (its field count).
/// </summary>
public sealed record CsvRowError(string File, int Line, string Column, string Reason)
{
    public override string ToString() => $"{File}:{Line}: column {Column}: {Reason}";
}
