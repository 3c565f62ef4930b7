namespace Engagement.Data.Csv;

/// <summary>
/// The file is not a CSV of the expected shape (missing or repeated column, binary data,
/// broken quoting): it is rejected as a whole, so callers discard whatever they staged from it.
/// </summary>
public sealed class CsvFileRejectedException(string file, string reason)
    : Exception($"{file}: {reason}")
{
    public string File { get; } = file;

    public string Reason { get; } = reason;
}
