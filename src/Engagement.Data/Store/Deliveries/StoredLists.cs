namespace Engagement.Data.Store.Deliveries;

/// <summary>Short lists (brands, formats, addresses) kept in one text column, comma-separated; none of their items may hold a comma.</summary>
internal static class StoredLists
{
    public static string Join(IEnumerable<string> items) => string.Join(',', items);

    public static IReadOnlyList<string> Split(string? text) =>
        string.IsNullOrEmpty(text) ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public static long? Micros(DateTimeOffset? instant) => instant is { } value ? Domain.Model.UtcMicros.FromDateTimeOffset(value) : null;

    public static DateTimeOffset? Instant(long? micros) => micros is { } value ? Domain.Model.UtcMicros.ToDateTimeOffset(value) : null;
}
