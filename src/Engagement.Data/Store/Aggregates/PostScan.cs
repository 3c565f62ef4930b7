using System.Text;
using Engagement.Data.Store.Import;
using SQLitePCL;

namespace Engagement.Data.Store.Aggregates;

/// <summary>
/// One network's read for <see cref="AggregateScan"/>: every post once, in key order, with its mentions
/// beside it (both tables walked in the same (network, post_id) order, merged like a join), and
/// routes each to the pass's accounts exactly as <see cref="AggregateRefresher"/>'s queries classify
/// them (methodology.md §3): the author's own post; a user post of the account it replies to (not
/// the author); a user post of each account it mentions (not the author, not the one it replies to).
/// They are kept compact (<see cref="ScannedPosts"/>) until the scan ends: user posts must meet
/// every answer, and go in as the index walk hands them: replies, then mentions, each in post id
/// order (a day's response times are stored in that order).
/// </summary>
internal static class PostScan
{
    // One network's rows (by its code, migration 15) in the key order of both tables: the merge
    // compares post ids as SQLite's BINARY collation does, byte by byte.
    internal const string PostsSql = """
        SELECT "post_id", "author", "created_at", "in_reply_to_post", "in_reply_to_author",
            "likes", "shares", "quotes", "replies", "views"
        FROM "posts" WHERE "network" = ?1 ORDER BY "network", "post_id"
        """;

    internal const string MentionsSql = """
        SELECT "post_id", "handle" FROM "post_mentions" WHERE "network" = ?1 ORDER BY "network", "post_id", "handle"
        """;

    private const string CodeSql = """SELECT "code" FROM "networks" WHERE "id" = ?1""";

    private const int CheckEvery = 1 << 16;

    /// <summary>Reads every post of <paramref name="network"/> and routes it; throws when <paramref name="ct"/> is cancelled.</summary>
    public static void Run(sqlite3 connection, string network, PassAccounts accounts, ScannedPosts into, CancellationToken ct)
    {
        long code;
        using (var codes = new SqliteRawStatement(connection, CodeSql))
        {
            codes.Text(1, network);
            if (!codes.Read())
            {
                return; // a network the store never met has no posts
            }

            code = codes.Int64(0);
            while (codes.Read())
            {
            }
        }

        // Bound after the using takes them, so a failed bind still finalizes the statement.
        using var posts = new SqliteRawStatement(connection, PostsSql);
        using var mentions = new SqliteRawStatement(connection, MentionsSql);
        posts.Integer(1, code);
        mentions.Integer(1, code);
        var handles = new PassAccounts.Cursor(accounts);
        handles.MoveTo(System.Text.Encoding.UTF8.GetBytes(network));
        var mention = new MentionCursor(mentions);
        for (var row = 0L; posts.Read(); row++)
        {
            if ((row & (CheckEvery - 1)) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            // Read once a row: each is a call into SQLite.
            var postId = posts.Utf8(0);
            var replying = !posts.IsNull(4);
            var route = new Route(handles.Find(posts.Utf8(1)), replying ? handles.Find(posts.Utf8(4)) : -1, replying);
            var createdAt = posts.Int64(2);
            if (route.IsAnswer)
            {
                var hasParent = !posts.IsNull(3);
                into.Of(route.Author).AddAnswer(route.Author, createdAt, hasParent ? posts.Utf8(3) : default, hasParent);
            }
            else if (route.IsBrandPost)
            {
                var interactions = AccountAggregator.Interactions(posts.Int64(5), posts.Int64(6), posts.Int64(7), posts.Int64(8));
                into.Of(route.Author).AddBrandPost(route.Author, createdAt, interactions, posts.IsNull(9) ? null : posts.Int64(9));
            }

            if (route.IsReply)
            {
                into.Of(route.ReplyTo).AddReply(route.ReplyTo, createdAt, postId);
            }

            for (mention.SkipTo(postId); mention.At(postId); mention.Next())
            {
                var mentioned = handles.Find(mention.Handle);
                if (route.Mentions(mentioned))
                {
                    into.Of(mentioned).AddMention(mentioned, createdAt, postId);
                }
            }
        }

        ct.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// Where one post goes among the pass's accounts (index -1: not one of them), the one
    /// definition of the routing for every store's scan: the author's own post is a brand post
    /// when it replies to nobody or to its author, an answer when it replies to someone else; it
    /// is a user post of the account it replies to (not the author) and of each account it
    /// mentions (not the author, not the one it replies to).
    /// </summary>
    internal readonly ref struct Route(int author, int replyTo, bool replying)
    {
        public int Author { get; } = author;

        public int ReplyTo { get; } = replyTo;

        public bool IsAnswer => Author >= 0 && replying && ReplyTo != Author;

        public bool IsBrandPost => Author >= 0 && !IsAnswer;

        public bool IsReply => ReplyTo >= 0 && ReplyTo != Author;

        public bool Mentions(int mentioned) => mentioned >= 0 && mentioned != Author && mentioned != ReplyTo;
    }

    /// <summary>A handle's index among a network's accounts (-1: none, or no handle), for the paths that read it as text.</summary>
    internal static int Find(Dictionary<string, int> handles, string? handle) =>
        handle is not null && handles.TryGetValue(handle, out var index) ? index : -1;

    /// <summary>The store's UTF-8 bytes of a text, in a buffer reused row after row (grown for a longer one; each record copies them).</summary>
    internal static ReadOnlySpan<byte> Utf8(string text, ref byte[] buffer)
    {
        if (Encoding.UTF8.GetMaxByteCount(text.Length) > buffer.Length)
        {
            buffer = new byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
        }

        return buffer.AsSpan(0, Encoding.UTF8.GetBytes(text, buffer));
    }

    /// <summary>The mentions, walked beside the posts in the same key order.</summary>
    private ref struct MentionCursor
    {
        private readonly SqliteRawStatement _rows;
        private bool _any;
        private ReadOnlySpan<byte> _postId;

        public MentionCursor(SqliteRawStatement rows)
        {
            _rows = rows;
            Next();
        }

        public ReadOnlySpan<byte> Handle { get; private set; }

        public void Next()
        {
            _any = _rows.Read();
            if (_any)
            {
                _postId = _rows.Utf8(0);
                Handle = _rows.Utf8(1);
            }
        }

        /// <summary>Past the mentions of posts before this one (a mention without its post is skipped).</summary>
        public void SkipTo(ReadOnlySpan<byte> postId)
        {
            while (_any && postId.SequenceCompareTo(_postId) > 0)
            {
                Next();
            }
        }

        public readonly bool At(ReadOnlySpan<byte> postId) => _any && postId.SequenceEqual(_postId);
    }
}
