using System.Data;
using System.Data.Common;
using System.Text;
using Engagement.Data.Store.Import;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Engagement.Data.Store.Aggregates;

/// <summary>
/// How <see cref="AggregateScan"/> reads one store, outside its write transaction: the
/// followers of the pass's accounts, and one network's posts routed by <see cref="PostScan.Route"/>.
/// Both run on a thread of their own, beside the writes.
/// </summary>
internal interface IScanReader
{
    Task ReadFollowersAsync(PassAccounts accounts, CancellationToken ct);

    Task ScanAsync(string network, PassAccounts accounts, ScannedPosts into, CancellationToken ct);
}

/// <summary>
/// SQLite: raw read-only connections to the file. The caller holds SQLite's only write lock and
/// has written nothing yet, so they see what the transaction sees. They go without SQLite's
/// per-connection mutex (each is used by one thread only): the scan calls SQLite a few times per row.
/// </summary>
internal sealed class SqliteScanReader(string path, TimeSpan? busyTimeout) : IScanReader
{
    public Task ReadFollowersAsync(PassAccounts accounts, CancellationToken ct) => Read(db =>
    {
        ct.ThrowIfCancellationRequested();
        using var rows = new SqliteRawStatement(db, AggregateScan.FollowersSql);
        var network = new PassAccounts.Cursor(accounts);
        Span<char> date = stackalloc char[32];
        while (rows.Read())
        {
            network.MoveTo(rows.Utf8(0));
            var index = network.Find(rows.Utf8(1));
            if (index >= 0)
            {
                var text = rows.Utf8(2);
                var chars = text.Length <= date.Length ? date[..Encoding.UTF8.GetChars(text, date)] : Encoding.UTF8.GetString(text).AsSpan();
                (accounts.Followers[index] ??= []).Add((StoreRows.ParseDate(chars), rows.Int64(3)));
            }
        }
    });

    public Task ScanAsync(string network, PassAccounts accounts, ScannedPosts into, CancellationToken ct) =>
        Read(db => PostScan.Run(db, network, accounts, into, ct));

    // Synchronous: the caller runs it on a thread of its own.
    private Task Read(Action<sqlite3> read)
    {
        var rc = raw.sqlite3_open_v2(path, out var db, raw.SQLITE_OPEN_READONLY | raw.SQLITE_OPEN_NOMUTEX, null);
        using (db)
        {
            SqliteException.ThrowExceptionForRC(rc, db);

            // As every connection of the store: a reader that meets a lock (WAL recovery, the
            // shared-memory index being rebuilt) waits for it instead of failing the whole pass.
            if (busyTimeout is { } timeout)
            {
                raw.sqlite3_busy_timeout(db, (int)timeout.TotalMilliseconds);
            }

            read(db);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// PostgreSQL: a pooled connection of its own per read, each statement seeing what is committed
/// (a change committed after the marks were read leaves a new generation that the clear keeps,
/// as on the per-account path). The posts are read in the order the table holds them, not
/// sorted by key: a sort of every post was most of the read's server time (0.7 s of 1.1 s per
/// 400,000 posts, 3,000 brands), and the per-account path on this store (a hash join) pins no
/// order either. The network's mentions of the pass's accounts are read first into memory
/// (a few per cent of the posts), keyed by post.
/// </summary>
internal sealed class PostgresScanReader(IDbConnectionFactory factory) : IScanReader
{
    private static readonly string PostsSql = $"""
        SELECT "post_id", "author", "created_at", "in_reply_to_post", "in_reply_to_author",
            "likes", "shares", "quotes", "replies", "views"
        FROM "posts" WHERE "network" = {NetworkCodes.CodeOf("@network")}
        """;

    private static readonly string MentionsSql = """SELECT "post_id", "handle" FROM "post_mentions" WHERE "network" = """ + NetworkCodes.CodeOf("@network");

    private const int CheckEvery = 1 << 16;

    public Task ReadFollowersAsync(PassAccounts accounts, CancellationToken ct) =>
        QueryAsync(AggregateScan.FollowersSql, null, ct, row =>
        {
            if (accounts.Find(row.GetString(0), row.GetString(1)) is var index and >= 0)
            {
                (accounts.Followers[index] ??= []).Add((StoreRows.ParseDate(row.GetString(2)), row.GetInt64(3)));
            }
        });

    public async Task ScanAsync(string network, PassAccounts accounts, ScannedPosts into, CancellationToken ct)
    {
        var handles = accounts.In(network);
        if (handles is null)
        {
            return;
        }

        // The mentioned accounts of each post, those of the pass only.
        var mentions = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        await QueryAsync(MentionsSql, network, ct, row =>
        {
            if (handles.TryGetValue(row.GetString(1), out var mentioned))
            {
                var postId = row.GetString(0);
                if (!mentions.TryGetValue(postId, out var accountsOf))
                {
                    accountsOf = [];
                    mentions[postId] = accountsOf;
                }

                accountsOf.Add(mentioned);
            }
        });

        var buffer = new byte[1024];
        var rows = 0L;
        await QueryAsync(PostsSql, network, ct, row =>
        {
            if ((++rows & (CheckEvery - 1)) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            var replying = !row.IsDBNull(4);
            var route = new PostScan.Route(PostScan.Find(handles, row.GetString(1)), replying ? PostScan.Find(handles, row.GetString(4)) : -1, replying);
            var createdAt = row.GetInt64(2);
            if (route.IsAnswer)
            {
                var hasParent = !row.IsDBNull(3);
                into.Of(route.Author).AddAnswer(route.Author, createdAt, hasParent ? PostScan.Utf8(row.GetString(3), ref buffer) : default, hasParent);
            }
            else if (route.IsBrandPost)
            {
                var interactions = AccountAggregator.Interactions(row.GetInt64(5), row.GetInt64(6), row.GetInt64(7), row.GetInt64(8));
                into.Of(route.Author).AddBrandPost(route.Author, createdAt, interactions, row.IsDBNull(9) ? null : row.GetInt64(9));
            }

            var id = route.IsReply || mentions.Count > 0 ? row.GetString(0) : null;
            var mentioned = id is not null && mentions.TryGetValue(id, out var list) ? list : null;
            if (!route.IsReply && mentioned is null)
            {
                return;
            }

            var postId = PostScan.Utf8(id!, ref buffer);
            if (route.IsReply)
            {
                into.Of(route.ReplyTo).AddReply(route.ReplyTo, createdAt, postId);
            }

            foreach (var account in mentioned ?? [])
            {
                if (route.Mentions(account))
                {
                    into.Of(account).AddMention(account, createdAt, postId);
                }
            }
        });
        ct.ThrowIfCancellationRequested();
    }

    private async Task QueryAsync(string sql, string? network, CancellationToken ct, Action<DbDataReader> row)
    {
        await using var connection = await factory.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (network is not null)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "network";
            parameter.Value = network;
            command.Parameters.Add(parameter);
        }

        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleResult, ct);
        while (await reader.ReadAsync(ct))
        {
            row(reader);
        }
    }
}
