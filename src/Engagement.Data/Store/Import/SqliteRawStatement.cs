using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Engagement.Data.Store.Import;

/// <summary>
/// One statement prepared on a SQLite connection's own handle and run many times, its values
/// bound by position: the bulk load's hot path, where <c>SqliteCommand</c> looks every parameter
/// up by name on every execution (a linear search in SQLite) and allocates per call. Runs in
/// whatever transaction the connection has open; errors surface as <see cref="SqliteException"/>.
/// The binds and steps call SQLite's C functions on the raw statement pointer: through SQLitePCL
/// every call adds and releases a reference on the statement's handle, ~15 % of the writing
/// thread in a bulk load (issue 16). The handle is referenced once, for the statement's lifetime.
/// </summary>
internal sealed partial class SqliteRawStatement : IDisposable
{
    private const int Row = 100; // SQLITE_ROW
    private const int Done = 101; // SQLITE_DONE
    private const int Null = 5; // SQLITE_NULL

    // SQLITE_TRANSIENT: SQLite copies the value before the call returns, so no pinning outlives it.
    private static readonly nint Transient = -1;

    // SQLITE_STATIC: SQLite reads the value where it lies, for as long as it stays bound.
    private static readonly nint Static = 0;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly nint _handle;
    private readonly nint _dbHandle;

    public SqliteRawStatement(SqliteConnection connection, string sql)
        : this(connection.Handle ?? throw new InvalidOperationException("the SQLite connection is not open"), sql)
    {
    }

    public SqliteRawStatement(sqlite3 db, string sql)
    {
        _db = db;
        var rc = raw.sqlite3_prepare_v2(_db, sql, out _statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
        var added = false;
        _statement.DangerousAddRef(ref added);
        _handle = _statement.DangerousGetHandle();
        _dbHandle = _db.DangerousGetHandle();
    }

    // As UTF-16: SQLite converts to the store's UTF-8 itself, where binding UTF-8 would encode
    // every value into a new array first (an allocation per field on the writing thread).
    public SqliteRawStatement Text(int position, string? value)
    {
        var rc = value is null ? Native.BindNull(_handle, position) : Native.BindText16(_handle, position, value, value.Length * 2, Transient);
        Check(rc);
        return this;
    }

    /// <summary>
    /// Binds <paramref name="bytes"/> bytes of UTF-8 text at <paramref name="text"/> without a copy
    /// (SQLITE_STATIC): they must stay where they are, unchanged, until the position is bound again
    /// or the statement is disposed. A first load's text, encoded on the parsing thread (<see cref="PostText"/>).
    /// </summary>
    public unsafe SqliteRawStatement TextStatic(int position, byte* text, int bytes)
    {
        Check(Native.BindText(_handle, position, text, bytes, Static));
        return this;
    }

    public SqliteRawStatement Integer(int position, long? value)
    {
        var rc = value is { } number ? Native.BindInt64(_handle, position, number) : Native.BindNull(_handle, position);
        Check(rc);
        return this;
    }

    /// <summary>Runs the statement with the values bound; returns the rows it changed (not counting triggers').</summary>
    public int Execute()
    {
        var rc = Native.Step(_handle);
        var changes = Native.Changes(_dbHandle);
        Native.Reset(_handle);
        if (rc != Done)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }

        return changes;
    }

    /// <summary>
    /// Steps a query to its next row: true while there is one; at the end the statement is reset.
    /// The columns are read with <see cref="Int64"/>, <see cref="IsNull"/> and <see cref="Utf8"/>.
    /// </summary>
    public bool Read()
    {
        var rc = Native.Step(_handle);
        if (rc == Row)
        {
            return true;
        }

        Native.Reset(_handle);
        if (rc != Done)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }

        return false;
    }

    public bool IsNull(int column) => Native.ColumnType(_handle, column) == Null;

    public long Int64(int column) => Native.ColumnInt64(_handle, column);

    /// <summary>
    /// The column's text as the store's UTF-8 bytes, without a string: valid until the next
    /// <see cref="Read"/> (SQLite owns the buffer). Empty for NULL (check <see cref="IsNull"/> first).
    /// </summary>
    public unsafe ReadOnlySpan<byte> Utf8(int column)
    {
        // Text first, then its length: the order SQLite's documentation asks for.
        var text = Native.ColumnText(_handle, column);
        return text == 0 ? default : new ReadOnlySpan<byte>((void*)text, Native.ColumnBytes(_handle, column));
    }

    public void Dispose()
    {
        _statement.DangerousRelease();
        _statement.Dispose();
    }

    private void Check(int rc)
    {
        if (rc != 0)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }

    // The library SQLitePCL's provider loads (the same name, resolved through the app's deps.json).
    private static partial class Native
    {
        private const string Library = "e_sqlite3";

        [LibraryImport(Library, EntryPoint = "sqlite3_bind_text16", StringMarshalling = StringMarshalling.Utf16)]
        public static partial int BindText16(nint statement, int position, string value, int bytes, nint destructor);

        [LibraryImport(Library, EntryPoint = "sqlite3_bind_text")]
        public static unsafe partial int BindText(nint statement, int position, byte* value, int bytes, nint destructor);

        [LibraryImport(Library, EntryPoint = "sqlite3_bind_int64")]
        public static partial int BindInt64(nint statement, int position, long value);

        [LibraryImport(Library, EntryPoint = "sqlite3_bind_null")]
        public static partial int BindNull(nint statement, int position);

        [LibraryImport(Library, EntryPoint = "sqlite3_step")]
        public static partial int Step(nint statement);

        [LibraryImport(Library, EntryPoint = "sqlite3_reset")]
        public static partial int Reset(nint statement);

        [LibraryImport(Library, EntryPoint = "sqlite3_column_type")]
        public static partial int ColumnType(nint statement, int column);

        [LibraryImport(Library, EntryPoint = "sqlite3_column_int64")]
        public static partial long ColumnInt64(nint statement, int column);

        [LibraryImport(Library, EntryPoint = "sqlite3_column_text")]
        public static partial nint ColumnText(nint statement, int column);

        [LibraryImport(Library, EntryPoint = "sqlite3_column_bytes")]
        public static partial int ColumnBytes(nint statement, int column);

        [LibraryImport(Library, EntryPoint = "sqlite3_changes")]
        public static partial int Changes(nint db);
    }
}
