using System.Data.Common;
using Microsoft.Data.Sqlite;
using Polly;

namespace Engagement.Data.Store;

/// <summary>Settings of the embedded SQLite store.</summary>
public sealed record SqliteStoreOptions
{
    /// <summary>How long SQLite itself waits for a lock before reporting SQLITE_BUSY.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Command timeout in seconds. Microsoft.Data.Sqlite also retries busy statements until it
    /// elapses; 0 would mean forever, so it is at least 1.
    /// </summary>
    public int CommandTimeoutSeconds { get; init; } = 30;

    public StoreRetryOptions Retry { get; init; } = new();

    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>Connections to one SQLite file, created (with its folder) on first use.</summary>
public sealed class SqliteConnectionFactory : IDbConnectionFactory
{
    private readonly string _connectionString;
    private readonly SqliteDialect _dialect;

    public SqliteConnectionFactory(string path, SqliteStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var settings = options ?? new SqliteStoreOptions();
        Path = System.IO.Path.GetFullPath(path);
        _dialect = new SqliteDialect(settings.BusyTimeout);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = Math.Max(1, settings.CommandTimeoutSeconds),
            Pooling = true,
        }.ToString();
        Time = settings.Time;
        WriteRetry = StoreRetry.Create(_dialect, settings.Retry, settings.Time);
    }

    public string Path { get; }

    public ISqlDialect Dialect => _dialect;

    public ResiliencePipeline WriteRetry { get; }

    public TimeProvider Time { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        if (System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            await _dialect.ConfigureConnectionAsync(connection, ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Closes the pooled connections to this file, e.g. before deleting it.</summary>
    public void ClearPool()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
