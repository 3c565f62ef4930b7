using System.Data.Common;
using Npgsql;
using Polly;

namespace Engagement.Data.Store.Postgres;

/// <summary>Settings of the PostgreSQL store.</summary>
public sealed record PostgresStoreOptions
{
    /// <summary>
    /// Command timeout when the connection string sets none: the merge of a large import is one
    /// statement, so Npgsql's 30 s default is too short for it.
    /// </summary>
    public int CommandTimeoutSeconds { get; init; } = 600;

    public StoreRetryOptions Retry { get; init; } = new();

    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>
/// Connections to one PostgreSQL database through an <see cref="NpgsqlDataSource"/> (pooled);
/// disposing the factory closes the pool.
/// </summary>
public sealed class PostgresConnectionFactory : IDbConnectionFactory, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    /// <param name="connectionString">An Npgsql connection string (<c>Host=...;Database=...</c>) or a <c>postgres://</c> URL.</param>
    public PostgresConnectionFactory(string connectionString, PostgresStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var settings = options ?? new PostgresStoreOptions();
        var builder = new NpgsqlDataSourceBuilder(PostgresConnectionString.Normalize(connectionString));
        if (!PostgresConnectionString.Sets(connectionString, "Command Timeout", "CommandTimeout"))
        {
            builder.ConnectionStringBuilder.CommandTimeout = settings.CommandTimeoutSeconds;
        }

        // Lets an operator see which instance holds which connection (pg_stat_activity).
        builder.ConnectionStringBuilder.ApplicationName ??= "engagement";
        _dataSource = builder.Build();
        Description = PostgresConnectionString.Describe(builder.ConnectionStringBuilder);
        Time = settings.Time;
        WriteRetry = StoreRetry.Create(Dialect, settings.Retry, settings.Time);
    }

    /// <summary>host:port/database, without credentials: for logs.</summary>
    public string Description { get; }

    public ISqlDialect Dialect { get; } = new PostgresDialect();

    public ResiliencePipeline WriteRetry { get; }

    public TimeProvider Time { get; }

    public NpgsqlDataSource DataSource => _dataSource;

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default) => await _dataSource.OpenConnectionAsync(ct);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();
}
