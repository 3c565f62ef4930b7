using System.Data.Common;
using Engagement.Data.Store.Import;

namespace Engagement.Data.Store;

/// <summary>
/// The few things that differ between database engines. Every other statement of the store is
/// written once, in SQL that SQLite and PostgreSQL both accept (quoted identifiers, <c>@</c>
/// parameters, <c>INSERT ... ON CONFLICT ... DO UPDATE</c>, <c>IS DISTINCT FROM</c>, <c>RETURNING</c>).
/// </summary>
public interface ISqlDialect
{
    /// <summary>Selects the migration scripts written for this engine (e.g. <c>sqlite</c>).</summary>
    string Name { get; }

    /// <summary>DDL of the migrations bookkeeping table, idempotent (<c>CREATE TABLE IF NOT EXISTS</c>).</summary>
    string CreateMigrationsTableSql { get; }

    /// <summary>
    /// Appended to <c>CREATE [TEMP] TABLE (...)</c> of a table with a primary key, to store its rows
    /// in key order without a second copy of the key (SQLite's <c>WITHOUT ROWID</c>; empty elsewhere).
    /// </summary>
    string KeyedTableSuffix { get; }

    /// <summary>How the importer streams a file's rows into its staging tables (prepared INSERTs, COPY, ...).</summary>
    IImportStaging Staging { get; }

    /// <summary>
    /// Ends a SELECT that claims rows of <paramref name="alias"/> for this transaction, skipping the
    /// rows another transaction is claiming (leases); empty where one writer at a time is the rule.
    /// </summary>
    string ForUpdateSkipLocked(string alias);

    /// <summary>Per-connection settings, run right after a connection opens.</summary>
    Task ConfigureConnectionAsync(DbConnection connection, CancellationToken ct);

    /// <summary>
    /// A transaction that takes the write lock up front, so two writers queue instead of both
    /// reading and then failing to upgrade (a deadlock no busy timeout resolves).
    /// </summary>
    ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct);

    /// <summary>A read-only snapshot that does not block writers.</summary>
    ValueTask<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken ct);

    /// <summary>Serialises migrators of several processes inside <paramref name="transaction"/>.</summary>
    Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct);

    /// <summary>The database is momentarily locked by another writer: the operation may be retried.</summary>
    bool IsTransient(Exception exception);

    /// <summary>A UNIQUE or PRIMARY KEY constraint refused the write.</summary>
    bool IsUniqueViolation(Exception exception);
}
