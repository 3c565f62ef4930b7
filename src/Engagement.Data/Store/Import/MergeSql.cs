namespace Engagement.Data.Store.Import;

/// <summary>
/// Builds the set-based statements that merge a staged file into its table: count what is new,
/// changed and unchanged, then upsert only the rows that differ.
/// </summary>
internal static class MergeSql
{
    /// <summary>Any value column differs between two row aliases (NULL-safe).</summary>
    public static string Differs(string left, string right, IEnumerable<string> columns) =>
        "(" + string.Join(" OR ", columns.Select(column => $"""{left}."{column}" IS DISTINCT FROM {right}."{column}" """.TrimEnd())) + ")";

    /// <summary>
    /// The staged rows: total, not yet stored, stored with a different value (or, with
    /// <paramref name="alsoChanged"/>, a condition on the staged row <c>s</c> that says it changed elsewhere).
    /// </summary>
    /// <remarks><paramref name="stage"/> is a staging table's name, or (in parentheses) a SELECT of the staged rows as the table holds them.</remarks>
    public static string Count(string stage, string table, IReadOnlyList<string> keys, IReadOnlyList<string> values, string? alsoChanged = null) => $"""
        SELECT
            COUNT(*),
            COALESCE(SUM(CASE WHEN t."{keys[0]}" IS NULL THEN 1 ELSE 0 END), 0),
            COALESCE(SUM(CASE WHEN t."{keys[0]}" IS NOT NULL AND {Or(Differs("t", "s", values), alsoChanged)} THEN 1 ELSE 0 END), 0)
        FROM {Source(stage)} s LEFT JOIN "{table}" t ON {Join("t", "s", keys)}
        """;

    // A table's name quoted; a parenthesised SELECT as it is.
    private static string Source(string stage) => stage.StartsWith('(') ? stage : Quote(stage);

    /// <summary>Either condition; the first alone when there is no second.</summary>
    public static string Or(string condition, string? other) => other is null ? condition : $"({condition} OR {other})";

    /// <summary>
    /// Inserts the staged rows, updating the stored ones only where a value differs (so an
    /// unchanged row is not rewritten); <paramref name="stage"/> as for <see cref="Count"/>. <c>WHERE true</c> is SQLite's required disambiguation of
    /// <c>INSERT ... SELECT ... ON CONFLICT</c>, harmless elsewhere.
    /// </summary>
    public static string Upsert(string stage, string table, IReadOnlyList<string> keys, IReadOnlyList<string> values)
    {
        var all = keys.Concat(values).Select(Quote).ToList();
        return $"""
            INSERT INTO "{table}" ({string.Join(", ", all)})
            SELECT {string.Join(", ", all)} FROM {Source(stage)} s WHERE true
            ON CONFLICT ({string.Join(", ", keys.Select(Quote))}) DO UPDATE SET
                {string.Join(", ", values.Select(column => $"""{Quote(column)} = excluded.{Quote(column)}"""))}
            WHERE {Differs($"\"{table}\"", "excluded", values)}
            """;
    }

    public static string Join(string left, string right, IEnumerable<string> keys) =>
        string.Join(" AND ", keys.Select(key => $"""{left}."{key}" = {right}."{key}" """.TrimEnd()));

    public static string Quote(string column) => $"\"{column}\"";
}
