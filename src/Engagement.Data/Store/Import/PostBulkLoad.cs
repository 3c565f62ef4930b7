using System.Data.Common;
using Dapper;
using Engagement.Domain.Model;
using Microsoft.Data.Sqlite;

namespace Engagement.Data.Store.Import;

/// <summary>
/// The first posts file of a SQLite store (its posts table empty): rows go straight into
/// <c>posts</c> and <c>post_mentions</c> instead of through the staging table, so each row is
/// written once, not twice, by statements prepared once and bound by position on the
/// connection's own handle (<see cref="SqliteRawStatement"/>): ADO.NET's per-call and per-name
/// binding cost more than SQLite's insert itself (issue 16). Exact as the staging path: with
/// nothing stored before, a key that is already there comes from earlier in this file, so that
/// row is counted as repeated and replaces the earlier one, mentions included (last row wins).
/// The network is bound as its code (<see cref="NetworkCodes.SqliteMap"/>: a network met for the
/// first time registered in the load's transaction).
/// </summary>
internal sealed class PostBulkLoad : IStageWriter<Post>
{
    private readonly SqliteRawStatement _insert;
    private readonly SqliteRawStatement _replace;
    private readonly SqliteRawStatement _dropMentions;
    private readonly SqliteRawStatement _addMention;
    private readonly NetworkCodes.SqliteMap _codes;
    private long _written;
    private long _repeated;

    private PostBulkLoad(SqliteConnection connection)
    {
        _codes = new NetworkCodes.SqliteMap(connection);
        _insert = new SqliteRawStatement(connection, $"""
            INSERT INTO "posts" ({PostColumns.List()}) VALUES ({Positions(PostColumns.All.Count)}) ON CONFLICT DO NOTHING
            """);
        _replace = new SqliteRawStatement(connection, $"""
            INSERT INTO "posts" ({PostColumns.List()}) VALUES ({Positions(PostColumns.All.Count)})
            ON CONFLICT ({string.Join(", ", PostColumns.Keys.Select(MergeSql.Quote))}) DO UPDATE SET
                {string.Join(", ", PostColumns.Values.Select(column => $"{MergeSql.Quote(column)} = excluded.{MergeSql.Quote(column)}"))}
            """);
        _dropMentions = new SqliteRawStatement(connection, """DELETE FROM "post_mentions" WHERE "network" = ?1 AND "post_id" = ?2""");
        _addMention = new SqliteRawStatement(connection, """
            INSERT INTO "post_mentions" ("network", "post_id", "handle") VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING
            """);
    }

    /// <summary>Valid rows written; less the repeated ones, the posts stored.</summary>
    public long Written => _written;

    /// <summary>True when the store is SQLite and holds no post yet: the file may be loaded straight into the table.</summary>
    public static async Task<bool> AppliesAsync(DbConnection connection, DbTransaction? transaction, CancellationToken ct) =>
        connection is SqliteConnection
        && await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """SELECT EXISTS (SELECT 1 FROM "posts") OR EXISTS (SELECT 1 FROM "post_mentions")""",
            transaction: transaction, cancellationToken: ct)) == 0;

    /// <summary>Opens the load in the connection's current transaction (SQLite's statements join the open one).</summary>
    public static PostBulkLoad Open(DbConnection connection) => new((SqliteConnection)connection);

    public ValueTask WriteAsync(Post row, CancellationToken ct)
    {
        if (++_written % 4096 == 0)
        {
            ct.ThrowIfCancellationRequested();
        }

        // Looked up (a network met for the first time registered) before any statement is bound.
        var network = _codes[row.Network];
        if (Bind(_insert, network, row).Execute() == 0)
        {
            // The same key earlier in this file: this later row replaces it, mentions included.
            _repeated++;
            Bind(_replace, network, row).Execute();
            _dropMentions.Integer(1, network).Text(2, row.PostId).Execute();
        }

        foreach (var handle in row.Mentions)
        {
            _addMention.Integer(1, network).Text(2, row.PostId).Text(3, handle).Execute();
        }

        return ValueTask.CompletedTask;
    }

    public Task<long> CompleteAsync(CancellationToken ct) => Task.FromResult(_repeated);

    public ValueTask DisposeAsync()
    {
        _insert.Dispose();
        _replace.Dispose();
        _dropMentions.Dispose();
        _addMention.Dispose();
        _codes.Dispose();
        return ValueTask.CompletedTask;
    }

    // The order of PostColumns.All; the network as its code.
    private static SqliteRawStatement Bind(SqliteRawStatement statement, long network, Post post) => statement
        .Integer(1, network).Text(2, post.PostId).Text(3, post.Author).Integer(4, post.CreatedAt)
        .Text(5, post.InReplyToPost).Text(6, post.InReplyToAuthor)
        .Integer(7, post.Likes).Integer(8, post.Shares).Integer(9, post.Quotes).Integer(10, post.Replies).Integer(11, post.Views);

    private static string Positions(int count) => string.Join(", ", Enumerable.Range(1, count).Select(i => "?" + i));
}
