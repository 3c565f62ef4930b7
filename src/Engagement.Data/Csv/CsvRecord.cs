namespace Engagement.Data.Csv;

/// <summary>
/// One data row of a canonical file: the converted value when the row is valid, otherwise every
/// problem found in it. <see cref="Value"/> is non-null exactly when <see cref="Errors"/> is empty.
/// </summary>
public readonly record struct CsvRecord<T>(int Line, T? Value, IReadOnlyList<CsvRowError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
