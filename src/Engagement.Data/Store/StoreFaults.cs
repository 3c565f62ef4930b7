using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Engagement.Data.Store;

/// <summary>
/// Tells faults of the store and its files (a file that is not a database, a read-only or full
/// disk, a missing folder, an unreachable server) from bugs, and says what is wrong in one line.
/// The command line prints that line (exit 2); the API answers 503 without it (it names paths).
/// </summary>
public static class StoreFaults
{
    /// <summary>Why the store cannot be used, or null when <paramref name="error"/> is not a store or file-system fault.</summary>
    public static string? Describe(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (Of(e) is { } reason)
            {
                return reason;
            }
        }

        return null;
    }

    private static string? Of(Exception e) => e switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode switch
        {
            // A writer that held the store past the busy timeout (a compact rebuilding it, an import).
            5 => "the store is busy (SQLITE_BUSY): another connection held its lock longer than the wait for it (a compact or an import running?): try again when it is done",
            8 => "the database is read-only (SQLITE_READONLY): check the file's and its folder's permissions and the file system",
            10 => "a disk I/O error occurred on the database (SQLITE_IOERR)",
            11 => "the database file is damaged (SQLITE_CORRUPT)",
            13 => "the disk holding the database is full (SQLITE_FULL)",
            14 => "the database file cannot be opened (SQLITE_CANTOPEN): check that its folder exists and can be written",
            26 => "the file is not a SQLite database (SQLITE_NOTADB)",
            _ => null,
        },
        PostgresException postgres when postgres.SqlState.StartsWith("53", StringComparison.Ordinal)
            => $"PostgreSQL is out of resources ({postgres.SqlState}: {postgres.MessageText})",
        PostgresException postgres when postgres.SqlState.StartsWith("57P", StringComparison.Ordinal) || postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            => $"PostgreSQL is unavailable ({postgres.SqlState}: {postgres.MessageText})",
        PostgresException => null,
        NpgsqlException { InnerException: SocketException or IOException or TimeoutException } npgsql => $"PostgreSQL cannot be reached: {npgsql.Message}",
        DirectoryNotFoundException or FileNotFoundException => $"a file or folder of the store is missing: {e.Message}",
        UnauthorizedAccessException => $"the store's files cannot be accessed: {e.Message}",
        IOException io when (io.HResult & 0xFFFF) is 28 or 30 or 112 => $"the disk is full or read-only: {io.Message}",
        IOException io => $"the store's files cannot be used: {io.Message}",
        _ => null,
    };
}
