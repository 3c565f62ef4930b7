using System.Data.Common;
using Engagement.Data.Store;
using Microsoft.Data.Sqlite;
using Polly;
using SQLitePCL;

namespace Engagement.Data.Tests.Store;

/// <summary>
/// A SQLite store whose connections tell <paramref name="onStatement"/> each statement SQLite
/// starts on them (<c>sqlite3_trace</c>), with the connection's handle: what the code under test really
/// runs, counted or acted on at that moment, without a seam in the product. The callback runs on
/// the thread that runs the statement. A pooled connection keeps the trace it was given, so it
/// also reports the statements the store runs when it is opened again.
/// </summary>
public sealed class TracedSqliteFactory(SqliteConnectionFactory inner, Action<sqlite3, string> onStatement) : IDbConnectionFactory
{
    public ISqlDialect Dialect => inner.Dialect;

    public ResiliencePipeline WriteRetry => inner.WriteRetry;

    public TimeProvider Time => inner.Time;

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = (SqliteConnection)await inner.OpenAsync(ct);
        var db = connection.Handle!;
        raw.sqlite3_trace(db, (_, sql) => onStatement(db, sql), null);
        return connection;
    }
}

/// <summary>The statements a <see cref="TracedSqliteFactory"/> saw, for the tests that count queries.</summary>
public sealed class StatementLog
{
    private readonly List<string> _statements = [];

    public void Add(string sql)
    {
        lock (_statements)
        {
            _statements.Add(sql);
        }
    }

    /// <summary>The statements seen so far, in order, but the pragmas each connection is opened with.</summary>
    public IReadOnlyList<string> Work
    {
        get
        {
            lock (_statements)
            {
                return _statements.Where(sql => !sql.TrimStart().StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase)).ToList();
            }
        }
    }

    /// <summary>The statements seen so far that contain <paramref name="text"/>, in order.</summary>
    public IReadOnlyList<string> Containing(string text)
    {
        lock (_statements)
        {
            return _statements.Where(sql => sql.Contains(text, StringComparison.Ordinal)).ToList();
        }
    }

    public void Clear()
    {
        lock (_statements)
        {
            _statements.Clear();
        }
    }
}
