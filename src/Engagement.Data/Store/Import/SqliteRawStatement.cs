using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Engagement.Data.Store.Import;

/// <summary>
/// One statement prepared on a SQLite connection's own handle and run many times, its values
/// bound by position: the bulk load's hot path, where <c>SqliteCommand</c> looks every parameter
/// up by name on every execution (a linear search in SQLite) and allocates per call. Runs in
/// whatever transaction the connection has open; errors surface as <see cref="SqliteException"/>.
/// </summary>
internal sealed class SqliteRawStatement : IDisposable
{
    private const int Done = 101; // SQLITE_DONE

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public SqliteRawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the SQLite connection is not open");
        var rc = raw.sqlite3_prepare_v2(_db, sql, out _statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
    }

    // As UTF-16: SQLite converts to the store's UTF-8 itself, where binding UTF-8 would encode
    // every value into a new array first (an allocation per field on the writing thread).
    public SqliteRawStatement Text(int position, string? value)
    {
        var rc = value is null ? raw.sqlite3_bind_null(_statement, position) : raw.sqlite3_bind_text16(_statement, position, value);
        SqliteException.ThrowExceptionForRC(rc, _db);
        return this;
    }

    public SqliteRawStatement Integer(int position, long? value)
    {
        var rc = value is { } number ? raw.sqlite3_bind_int64(_statement, position, number) : raw.sqlite3_bind_null(_statement, position);
        SqliteException.ThrowExceptionForRC(rc, _db);
        return this;
    }

    /// <summary>Runs the statement with the values bound; returns the rows it changed (not counting triggers').</summary>
    public int Execute()
    {
        var rc = raw.sqlite3_step(_statement);
        var changes = raw.sqlite3_changes(_db);
        raw.sqlite3_reset(_statement);
        if (rc != Done)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }

        return changes;
    }

    public void Dispose() => _statement.Dispose();
}
