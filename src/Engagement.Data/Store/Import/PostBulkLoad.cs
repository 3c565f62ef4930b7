using System.Collections.Concurrent;
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
/// first time registered in the load's transaction). The text is bound as the parsing thread
/// encoded it, a batch at a time (<see cref="PostText"/>): the writing thread is the bound of the load.
/// </summary>
internal sealed class PostBulkLoad : IBatchStageWriter<Post>
{
    private readonly SqliteRawStatement _insert;
    private readonly SqliteRawStatement _replace;
    private readonly SqliteRawStatement _dropMentions;
    private readonly SqliteRawStatement _addMention;
    private readonly NetworkCodes.SqliteMap _codes;

    // Text buffers the writer is done with, for the parsing thread to fill again.
    private readonly ConcurrentQueue<PostText> _free = new();
    private long _written;

    // The network of the last row prepared (parsing thread) and the code of the last row written (writing thread).
    private string? _preparedNetwork;
    private long? _network;
    private long _repeated;

    // The integers _insert and _addMention hold, by position: a statement keeps its values from
    // one step to the next (a new one holds NULLs), so a value equal to the one held is not bound
    // again. Most are: the network between rows of a run, the counts that are mostly 0, the views.
    private readonly long?[] _insertHeld = new long?[PostColumns.All.Count + 1];
    private readonly long?[] _mentionHeld = new long?[2];

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
        Post[] rows = [row];
        return WriteBatchAsync(rows, 1, Prepare(rows, 1), ct);
    }

    /// <summary>On the parsing thread: the rows' text encoded (a buffer the writer has finished with, or a new one).</summary>
    public object? Prepare(Post[] rows, int count)
    {
        var text = _free.TryDequeue(out var reused) ? reused : new PostText();
        text.Clear();
        for (var i = 0; i < count; i++)
        {
            var network = rows[i].Network;
            text.Add(rows[i], string.Equals(network, _preparedNetwork, StringComparison.Ordinal));
            _preparedNetwork = network;
        }

        return text;
    }

    public ValueTask WriteBatchAsync(Post[] rows, int count, object? prepared, CancellationToken ct)
    {
        var text = (PostText)prepared!;
        var slot = 0;
        for (var i = 0; i < count; i++)
        {
            if (++_written % 4096 == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            // A run of rows of one network (most rows) keeps its code without reading the network's text.
            var network = text.SameNetwork(i) && _network is { } same ? same : _codes[rows[i].Network];
            _network = network;
            Write(rows[i], network, text, slot);
            slot += PostText.Slots(rows[i]);
        }

        // Nothing bound from it is read again: every statement binds its text anew before its next step.
        _free.Enqueue(text);
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

    // The network's code looked up (a network met for the first time registered) before any statement is bound.
    private void Write(Post row, long network, PostText text, int slot)
    {
        if (Bind(_insert, _insertHeld, network, row, text, slot).Execute() == 0)
        {
            // The same key earlier in this file: this later row replaces it, mentions included.
            _repeated++;
            Bind(_replace, null, network, row, text, slot).Execute();
            text.Bind(_dropMentions.Integer(1, network), 2, slot + PostText.PostId, row.PostId).Execute();
        }

        var mentions = row.Mentions;
        for (var i = 0; i < mentions.Count; i++)
        {
            Integer(_addMention, _mentionHeld, 1, network);
            text.Bind(text.Bind(_addMention, 2, slot + PostText.PostId, row.PostId), 3, slot + PostText.FirstMention + i, mentions[i]).Execute();
        }
    }

    // The order of PostColumns.All; the network as its code; the text where the parsing thread
    // encoded it; the integers unless the statement holds them already (held: null to bind all).
    private static SqliteRawStatement Bind(SqliteRawStatement statement, long?[]? held, long network, Post post, PostText text, int slot)
    {
        Integer(statement, held, 1, network);
        text.Bind(statement, 2, slot + PostText.PostId, post.PostId);
        text.Bind(statement, 3, slot + PostText.Author, post.Author);
        Integer(statement, held, 4, post.CreatedAt);
        text.Bind(statement, 5, slot + PostText.InReplyToPost, post.InReplyToPost);
        text.Bind(statement, 6, slot + PostText.InReplyToAuthor, post.InReplyToAuthor);
        Integer(statement, held, 7, post.Likes);
        Integer(statement, held, 8, post.Shares);
        Integer(statement, held, 9, post.Quotes);
        Integer(statement, held, 10, post.Replies);
        Integer(statement, held, 11, post.Views);
        return statement;
    }

    private static void Integer(SqliteRawStatement statement, long?[]? held, int position, long? value)
    {
        if (held is null)
        {
            statement.Integer(position, value);
        }
        else if (held[position] != value)
        {
            statement.Integer(position, value);
            held[position] = value;
        }
    }

    private static string Positions(int count) => string.Join(", ", Enumerable.Range(1, count).Select(i => "?" + i));
}
