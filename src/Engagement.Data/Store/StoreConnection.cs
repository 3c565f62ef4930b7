using Engagement.Data.Store.Postgres;
using Microsoft.Data.Sqlite;

namespace Engagement.Data.Store;

/// <summary>Picks the store's provider from what the user configured (<c>--db</c>, <c>ConnectionStrings:Engagement</c>).</summary>
public static class StoreConnection
{
    /// <summary>
    /// A PostgreSQL store for a connection string naming a <c>Host</c> (or <c>Server</c>) or a
    /// <c>postgres://</c> URL; otherwise a SQLite store: a file path, or a SQLite connection string
    /// (<c>Data Source=...</c>) whose file it names. The caller disposes the factory when it is
    /// <see cref="IAsyncDisposable"/> (PostgreSQL's connection pool).
    /// </summary>
    public static IDbConnectionFactory Create(string dbOrConnectionString, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dbOrConnectionString);
        var clock = time ?? TimeProvider.System;
        if (PostgresConnectionString.IsPostgres(dbOrConnectionString))
        {
            return new PostgresConnectionFactory(dbOrConnectionString, new PostgresStoreOptions { Time = clock });
        }

        return new SqliteConnectionFactory(SqlitePath(dbOrConnectionString), new SqliteStoreOptions { Time = clock });
    }

    /// <summary>True when <paramref name="dbOrConnectionString"/> selects PostgreSQL.</summary>
    public static bool IsPostgres(string dbOrConnectionString) => PostgresConnectionString.IsPostgres(dbOrConnectionString);

    /// <summary>The SQLite file <paramref name="dbOrConnectionString"/> names; null when it selects PostgreSQL.</summary>
    public static string? SqliteFile(string dbOrConnectionString) =>
        PostgresConnectionString.IsPostgres(dbOrConnectionString) ? null : SqlitePath(dbOrConnectionString);

    /// <summary>Where the store is, without credentials: a file path or host:port/database.</summary>
    public static string Describe(IDbConnectionFactory factory) => factory switch
    {
        SqliteConnectionFactory sqlite => sqlite.Path,
        PostgresConnectionFactory postgres => postgres.Description,
        _ => factory.Dialect.Name,
    };

    private static string SqlitePath(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.Contains('=', StringComparison.Ordinal))
        {
            return trimmed;
        }

        try
        {
            return new SqliteConnectionStringBuilder(trimmed).DataSource is { Length: > 0 } path ? path : trimmed;
        }
        catch (ArgumentException)
        {
            // A file name with '=' in it.
            return trimmed;
        }
    }
}
