using System.Data.Common;
using Engagement.Data.Store.Import;
using Microsoft.Data.Sqlite;

namespace Engagement.Data.Store;

/// <summary>SQLite: WAL journal, immediate write transactions, busy/locked errors as transient.</summary>
public sealed class SqliteDialect(TimeSpan busyTimeout) : ISqlDialect
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    /// <summary>
    /// The page size of a new store, in bytes (issue 16): a first import of 30,000 brands
    /// (9.4 million posts) loads the keyed <c>posts</c> table and builds its indices faster with
    /// larger pages than with SQLite's default 4,096 (fewer, shallower B-tree levels and page
    /// splits; bench/RESULTS.md, "the page size"). SQLite fixes it when the file's first page is
    /// written; a store made with another size keeps it until <c>engagement compact</c> rebuilds it.
    /// </summary>
    public const int PageSize = 32768;

    public string Name => "sqlite";

    public string CreateMigrationsTableSql => """
        CREATE TABLE IF NOT EXISTS "schema_migrations" (
            "version" INTEGER NOT NULL PRIMARY KEY,
            "name" TEXT NOT NULL,
            "applied_at" INTEGER NOT NULL
        )
        """;

    public string KeyedTableSuffix => " WITHOUT ROWID";

    public TimeSpan BusyTimeout { get; } = busyTimeout;

    public IImportStaging Staging => InsertStaging.Instance;

    // BEGIN IMMEDIATE already makes the claiming transaction the only writer.
    public string ForUpdateSkipLocked(string alias) => "";

    public async Task ConfigureConnectionAsync(DbConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        // busy_timeout first, so the other pragmas wait for a lock rather than fail at once.
        // page_size before journal_mode: it only applies to a file with nothing written yet, and
        // switching to WAL writes the header that fixes it (elsewhere a no-op).
        // journal_mode=WAL is persistent and a no-op once set; readers then never block the writer.
        // synchronous=NORMAL is durable across process crashes in WAL mode (only power loss can
        // drop the last commits) and avoids an fsync per transaction. foreign_keys is per connection.
        // The larger page cache keeps an import's indices in memory.
        command.CommandText = $"""
            PRAGMA busy_timeout = {(long)BusyTimeout.TotalMilliseconds};
            PRAGMA page_size = {PageSize};
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            PRAGMA foreign_keys = ON;
            PRAGMA cache_size = -32768;
            """;
        await command.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct) =>
        // Microsoft.Data.Sqlite issues BEGIN IMMEDIATE for a non-deferred transaction.
        await connection.BeginTransactionAsync(ct);

    public ValueTask<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        // Deferred: takes a read snapshot at the first SELECT and never the write lock.
        return ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));
    }

    // BEGIN IMMEDIATE already holds the database's only write lock: nothing more to take.
    public Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        Task.CompletedTask;

    public bool IsTransient(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked };

    public bool IsUniqueViolation(Exception exception) =>
        exception is SqliteException
        {
            SqliteErrorCode: SqliteConstraint,
            SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey,
        };
}
