using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using SQLitePCL;

namespace Engagement.Data.Store.Import;

/// <summary>
/// The first load of a SQLite store's posts in the rollback journal instead of the WAL (issue 16):
/// in WAL every page is written twice, to the log and then by the checkpoint into the database
/// (2.5 GB at 30,000 brands), where a rollback journal keeps only the pages that existed before
/// the transaction, and a table that was empty has nearly none. Leaving WAL needs the store to
/// itself (no other connection open, in this process or another); when that fails the import runs
/// in WAL as always. Crash safety is SQLite's: a load killed part way leaves a hot journal that
/// the next connection rolls back before it switches the store to WAL again.
/// </summary>
internal static class RollbackJournalLoad
{
    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction: in the rollback journal when the store
    /// is SQLite, the files include posts, no post is stored yet and no other connection is open;
    /// otherwise through <see cref="StoreOperations.WriteAsync{T}"/>. The store is back in WAL
    /// before this returns or throws, or <paramref name="log"/> has a warning saying why not.
    /// </summary>
    public static async Task<T> WriteAsync<T>(
        IDbConnectionFactory factory, IReadOnlyCollection<DatasetFile> files,
        Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, ILogger log, CancellationToken ct)
    {
        // An audited write (the API) goes through the one path that records its entry.
        if (factory.Dialect is not SqliteDialect dialect || Audit.AuditScope.Current is not null
            || !files.Any(file => file.Kind == DatasetFileKind.Posts))
        {
            return await factory.WriteAsync(work, ct);
        }

        var connection = await factory.OpenAsync(ct);
        await using (connection)
        {
            if (await PostBulkLoad.AppliesAsync(connection, null, ct) && TryLeaveWal(connection, dialect))
            {
                try
                {
                    await using var transaction = await dialect.BeginWriteAsync(connection, ct);
                    var result = await work(connection, transaction, ct);
                    await transaction.CommitAsync(ct);
                    return result;
                }
                finally
                {
                    await ReturnToWalAsync(connection, log);
                }
            }
        }

        return await factory.WriteAsync(work, ct);
    }

    // Without waiting: another connection holding the store means a server or a second import is
    // there, and it keeps the WAL it relies on. On the raw handle: Microsoft.Data.Sqlite would retry
    // a busy statement until its command timeout.
    private static bool TryLeaveWal(DbConnection connection, SqliteDialect dialect)
    {
        var db = ((SqliteConnection)connection).Handle ?? throw new InvalidOperationException("the SQLite connection is not open");
        raw.sqlite3_busy_timeout(db, 0);
        try
        {
            SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(db, "PRAGMA journal_mode = DELETE", out var statement), db);
            using (statement)
            {
                var rc = raw.sqlite3_step(statement);
                if (rc is raw.SQLITE_BUSY or raw.SQLITE_LOCKED)
                {
                    return false;
                }

                if (rc != raw.SQLITE_ROW)
                {
                    SqliteException.ThrowExceptionForRC(rc, db);
                }

                return string.Equals(raw.sqlite3_column_text(statement, 0).utf8_to_string(), "delete", StringComparison.OrdinalIgnoreCase);
            }
        }
        finally
        {
            // Waiting again during the load: a reader that opened meanwhile only delays it.
            raw.sqlite3_busy_timeout(db, (int)dialect.BusyTimeout.TotalMilliseconds);
        }
    }

    // Not cancellable: the store must not stay out of WAL. Should it fail (another connection
    // holding a lock past the busy timeout), the next connection opened switches it back, and
    // the import, committed, has succeeded: the failure is a warning, not the import's error.
    // Until then readers and the writer block each other, which the warning explains.
    private static async Task ReturnToWalAsync(DbConnection connection, ILogger log)
    {
        try
        {
            await Sql.ExecuteAsync(connection, null, CancellationToken.None, "PRAGMA journal_mode = WAL");
        }
        catch (SqliteException e)
        {
            log.LogWarning(
                "The store {Path} stays in the rollback journal after the first load: switching it back to WAL failed ({Reason}). The next connection opened switches it; until then readers and writers wait for each other",
                ((SqliteConnection)connection).DataSource,
                e.Message);
        }
    }
}
