using System.Data.Common;
using Dapper;
using Engagement.Data.Store.Postgres;
using Engagement.Domain.Model;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Engagement.Data.Store;

/// <summary>What <see cref="StoreCompaction.CompactAsync"/> did.</summary>
/// <param name="Engine">sqlite or postgresql.</param>
/// <param name="BytesBefore">The store's size before: SQLite's file and its WAL; PostgreSQL's tables with their indices and TOAST.</param>
/// <param name="BytesAfter">The same, after.</param>
/// <param name="Tables">The tables vacuumed (PostgreSQL); every table at once on SQLite.</param>
/// <param name="Elapsed">How long the compaction took, waiting for the lock included.</param>
/// <param name="WalPending">SQLite: the WAL could not be emptied into the file because a reader held it; the file shrinks at the next checkpoint.</param>
/// <param name="PageBytesBefore">SQLite: the store's page size before; 0 on PostgreSQL (fixed when the server is built).</param>
/// <param name="PageBytesAfter">SQLite: the page size after, <see cref="SqliteDialect.PageSize"/>; 0 on PostgreSQL.</param>
public sealed record CompactionReport(
    string Engine, long BytesBefore, long BytesAfter, int Tables, TimeSpan Elapsed, bool WalPending, long PageBytesBefore = 0, long PageBytesAfter = 0);

/// <summary>Another writer held the store for longer than the compaction was told to wait; nothing was changed.</summary>
public sealed class StoreBusyException(string message) : DomainException(message);

/// <summary>
/// Packs the store on demand (issue 16): a first import writes <c>posts</c> row by row and leaves
/// about a tenth of each page unused, which a rebuild packs; the import does not do it itself,
/// since that would cost a second copy of the table inside its own time. SQLite: <c>VACUUM</c>
/// rebuilds the file (one write transaction: writers wait or fail for its whole length; readers
/// keep reading; a crash part way leaves the store as it was), then the WAL is checkpointed so
/// the file really shrinks; a store made with another page size than <see cref="SqliteDialect.PageSize"/>
/// (before issue 16) is rebuilt at that size, outside WAL, the one way SQLite changes it.
/// PostgreSQL: <c>VACUUM (ANALYZE)</c> of each of the store's tables, which marks dead rows' space
/// reusable and refreshes the planner's statistics without blocking reads or writes, but does not
/// give space back to the file system (that is VACUUM FULL, which locks each table exclusively:
/// not done here).
/// </summary>
public sealed class StoreCompaction(IDbConnectionFactory factory)
{
    /// <summary>Compacts the store, waiting up to <paramref name="wait"/> for another writer to finish.</summary>
    /// <exception cref="StoreBusyException">The store stayed locked by another writer for <paramref name="wait"/>.</exception>
    /// <exception cref="DomainException">SQLite: not enough free disk for the rebuild.</exception>
    public async Task<CompactionReport> CompactAsync(TimeSpan wait, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero);
        var started = factory.Time.GetTimestamp();
        var report = factory.Dialect switch
        {
            SqliteDialect => await CompactSqliteAsync(wait, ct),
            PostgresDialect => await CompactPostgresAsync(wait, ct),
            _ => throw new NotSupportedException($"compaction of a {factory.Dialect.Name} store"),
        };
        return report with { Elapsed = factory.Time.GetElapsedTime(started) };
    }

    private async Task<CompactionReport> CompactSqliteAsync(TimeSpan wait, CancellationToken ct)
    {
        await using var connection = (SqliteConnection)await factory.OpenAsync(ct);
        var path = connection.DataSource;
        var before = SqliteFileBytes(path);
        CompactionSpace.EnsureFor(path, before);
        // SQLite's own wait for the write lock is the whole wait; Microsoft.Data.Sqlite's retry of a
        // busy statement (its command timeout) adds nothing past its first second.
        await Execute(connection, $"PRAGMA busy_timeout = {Milliseconds(wait)}", timeout: 1, ct);
        var pageBytes = await PageSizeAsync(connection, ct);
        if (pageBytes == SqliteDialect.PageSize)
        {
            try
            {
                await Execute(connection, "VACUUM", timeout: 1, ct);
            }
            catch (SqliteException e) when (factory.Dialect.IsTransient(e))
            {
                throw Busy(wait, "an import, a collection pass or the service", e);
            }
        }
        else
        {
            await ConvertPageSizeAsync(connection, wait, ct);
        }

        // The rebuilt pages are in the WAL: copy them into the file, which is then cut to its new
        // length, and empty the WAL. A reader still on the old pages makes this a partial checkpoint
        // (busy = 1): nothing is lost, the next checkpoint finishes it.
        var checkpoint = await connection.QuerySingleAsync<(long Busy, long Log, long Checkpointed)>(
            new CommandDefinition("PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken: ct));
        return new CompactionReport(
            "sqlite", before, SqliteFileBytes(path), Tables: 0, TimeSpan.Zero, WalPending: checkpoint.Busy != 0, pageBytes, await PageSizeAsync(connection, ct));
    }

    // SQLite changes a store's page size only in a VACUUM outside WAL. Leaving WAL needs the store
    // to itself, readers included (each open connection holds the file in WAL): SQLite tries that
    // once, without its busy handler, and Microsoft.Data.Sqlite retries it for the wait. The
    // exclusive locking mode, taken before, keeps the file locked from leaving WAL to the end of
    // the rebuild, so that no connection opening meanwhile switches it back to WAL under the
    // VACUUM (which would keep the old size). The rebuild is one transaction in the rollback
    // journal: a crash part way leaves a hot journal that the next connection rolls back.
    private async Task ConvertPageSizeAsync(SqliteConnection connection, TimeSpan wait, CancellationToken ct)
    {
        await Execute(connection, "PRAGMA locking_mode = EXCLUSIVE", timeout: 1, ct);
        try
        {
            await Execute(connection, "PRAGMA journal_mode = DELETE", timeout: (int)Math.Clamp(Math.Ceiling(wait.TotalSeconds), 1, int.MaxValue), ct);
            await Execute(connection, $"PRAGMA page_size = {SqliteDialect.PageSize}", timeout: 1, ct);
            await Execute(connection, "VACUUM", timeout: 1, ct);
        }
        catch (SqliteException e) when (factory.Dialect.IsTransient(e))
        {
            throw Busy(wait, "the service, an import or a collection pass: converting the page size needs the store to itself, readers included", e);
        }
        finally
        {
            await ReturnToWalAsync(connection);
        }
    }

    // Not cancellable: the store goes back to WAL whatever happened. Should that fail, every
    // connection the store opens switches it back (SqliteDialect), so it is not the compaction's error.
    private static async Task ReturnToWalAsync(SqliteConnection connection)
    {
        try
        {
            await Execute(connection, "PRAGMA locking_mode = NORMAL", timeout: 1, CancellationToken.None);
            await Execute(connection, "PRAGMA journal_mode = WAL", timeout: 1, CancellationToken.None);
        }
        catch (SqliteException)
        {
            // Left to the next connection, as above; this one, perhaps still in the exclusive
            // locking mode, is closed rather than pooled.
            SqliteConnection.ClearPool(connection);
        }
    }

    private static Task<long> PageSizeAsync(DbConnection connection, CancellationToken ct) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA page_size", cancellationToken: ct));

    private async Task<CompactionReport> CompactPostgresAsync(TimeSpan wait, CancellationToken ct)
    {
        await using var connection = await factory.OpenAsync(ct);
        var tables = (await connection.QueryAsync<string>(new CommandDefinition(
            """SELECT "tablename" FROM "pg_tables" WHERE "schemaname" = current_schema() ORDER BY "tablename" """, cancellationToken: ct))).AsList();
        var before = await PostgresBytesAsync(connection, ct);
        // VACUUM waits only for DDL and another VACUUM of the same table (an import's index
        // rebuild); lock_timeout bounds that wait. It runs outside a transaction, as it must.
        await Execute(connection, $"SET lock_timeout = {Milliseconds(wait)}", timeout: 0, ct);
        try
        {
            foreach (var table in tables)
            {
                await Execute(connection, $"""VACUUM (ANALYZE) "{table.Replace("\"", "\"\"", StringComparison.Ordinal)}" """, timeout: 0, ct);
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            throw Busy(wait, "an import or a schema change", e);
        }
        finally
        {
            await Execute(connection, "RESET lock_timeout", timeout: 0, CancellationToken.None);
        }

        return new CompactionReport("postgresql", before, await PostgresBytesAsync(connection, ct), tables.Count, TimeSpan.Zero, WalPending: false);
    }

    private static StoreBusyException Busy(TimeSpan wait, string writers, Exception e) => new(
        $"the store is busy ({e.Message.Trim()}): another connection ({writers}) held it for the {wait.TotalSeconds:0.###} s compact waits (--wait); nothing was changed: run compact again when it is done");

    // Both engines take the wait as a 32-bit count of milliseconds, where 0 means "do not wait" to
    // SQLite but "forever" to PostgreSQL: 1 ms is "do not wait" to both.
    private static long Milliseconds(TimeSpan wait) => Math.Max(1, Math.Min((long)wait.TotalMilliseconds, int.MaxValue));

    private static async Task Execute(DbConnection connection, string sql, int timeout, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = timeout;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static Task<long> PostgresBytesAsync(DbConnection connection, CancellationToken ct) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            SELECT COALESCE(SUM(pg_total_relation_size(format('%I.%I', "schemaname", "tablename")::regclass)), 0)::bigint
            FROM "pg_tables" WHERE "schemaname" = current_schema()
            """,
            cancellationToken: ct));

    private static long SqliteFileBytes(string path) => Length(path) + Length(path + "-wal");

    private static long Length(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
