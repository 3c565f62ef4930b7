using Dapper;

namespace Engagement.Data.Store;

/// <summary>
/// A list spelled out as parameters, <c>(@id0, @id1, ...)</c>: the same SQL text on every
/// engine. Dapper's <c>IN @ids</c> is not: it expands the list on SQLite, but hands Npgsql one
/// array parameter, which <c>IN</c> cannot take (a syntax error on PostgreSQL).
/// </summary>
public static class SqlList
{
    /// <summary>
    /// Adds <paramref name="values"/> to <paramref name="parameters"/> as <c>@{name}0</c>,
    /// <c>@{name}1</c>, ... and returns the parenthesised list for <c>"column" IN ...</c>;
    /// <c>(NULL)</c> (matches nothing) for no values. Keep lists to a few hundred values.
    /// </summary>
    public static string In<T>(string name, IEnumerable<T> values, DynamicParameters parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(parameters);
        var names = new List<string>();
        foreach (var value in values)
        {
            var parameter = $"{name}{names.Count}";
            parameters.Add(parameter, value);
            names.Add("@" + parameter);
        }

        return names.Count == 0 ? "(NULL)" : $"({string.Join(", ", names)})";
    }
}
