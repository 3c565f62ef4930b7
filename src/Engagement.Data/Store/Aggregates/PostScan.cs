using System.Text;
using Engagement.Data.Store.Import;
using Microsoft.Data.Sqlite;

namespace Engagement.Data.Store.Aggregates;

/// <summary>
/// One pass of <see cref="AggregateScan"/>: reads every post once, in key order, with its mentions
/// beside it (both tables walked in the same (network, post_id) order, merged like a join), and
/// routes each to the pass's accounts exactly as <see cref="AggregateRefresher"/>'s queries classify
/// them (methodology.md §3): the author's own post; a user post of the account it replies to (not
/// the author); a user post of each account it mentions (not the author, not the one it replies to).
/// Own posts go straight into the account's <see cref="AccountAggregator"/>; user posts wait until
/// every answer is known, then go in as the index walk hands them: replies, then mentions, each in
/// post id order (a day's response times are stored in that order).
/// </summary>
internal sealed class PostScan(PassAccounts accounts)
{
    // The key order of both tables: the merge compares (network, post_id) as SQLite's BINARY
    // collation does, byte by byte.
    internal const string PostsSql = """
        SELECT "network", "post_id", "author", "created_at", "in_reply_to_post", "in_reply_to_author",
            "likes", "shares", "quotes", "replies", "views"
        FROM "posts" ORDER BY "network", "post_id"
        """;

    internal const string MentionsSql = """SELECT "network", "post_id", "handle" FROM "post_mentions" ORDER BY "network", "post_id", "handle" """;

    private const int CheckEvery = 1 << 16;

    private readonly UserPostBuffer _replies = new();
    private readonly UserPostBuffer _mentions = new();

    /// <summary>Reads the posts into the pass's aggregators; throws when <paramref name="ct"/> is cancelled.</summary>
    public void Run(SqliteConnection connection, CancellationToken ct)
    {
        using var posts = new SqliteRawStatement(connection, PostsSql);
        using var mentions = new SqliteRawStatement(connection, MentionsSql);
        var mention = mentions.Read();
        var network = new PassAccounts.Cursor(accounts);
        for (var row = 0L; posts.Read(); row++)
        {
            if ((row & (CheckEvery - 1)) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            network.MoveTo(posts.Utf8(0));
            var postId = posts.Utf8(1);
            var author = network.Find(posts.Utf8(2));
            var replyTo = posts.IsNull(5) ? -1 : network.Find(posts.Utf8(5));
            var createdAt = posts.Int64(3);
            if (author >= 0)
            {
                Own(accounts.Aggregators[author], posts, createdAt, replyTo: posts.IsNull(5) || replyTo == author ? null : author);
            }

            if (replyTo >= 0 && replyTo != author)
            {
                _replies.Add(replyTo, createdAt, postId);
            }

            while (mention && Compare(posts, mentions) > 0)
            {
                mention = mentions.Read();
            }

            for (; mention && Compare(posts, mentions) == 0; mention = mentions.Read())
            {
                var mentioned = network.Find(mentions.Utf8(2));
                if (mentioned >= 0 && mentioned != author && mentioned != replyTo)
                {
                    _mentions.Add(mentioned, createdAt, postId);
                }
            }
        }

        ct.ThrowIfCancellationRequested();
        _replies.FeedTo(accounts.Aggregators);
        _mentions.FeedTo(accounts.Aggregators);
    }

    /// <summary>How many user posts the pass held (for its memory bound's tests and figures).</summary>
    public long UserPosts => _replies.Count + _mentions.Count;

    // replyTo: null for a brand post (replying to nobody or to the author); otherwise an answer.
    private static void Own(AccountAggregator account, SqliteRawStatement posts, long createdAt, int? replyTo)
    {
        if (replyTo is null)
        {
            var interactions = checked(posts.Int64(6) + posts.Int64(7) + posts.Int64(8) + posts.Int64(9));
            account.AddBrandPost(createdAt, interactions, posts.IsNull(10) ? null : posts.Int64(10));
        }
        else
        {
            account.AddAnswer(createdAt, posts.IsNull(4) ? null : Encoding.UTF8.GetString(posts.Utf8(4)));
        }
    }

    private static int Compare(SqliteRawStatement posts, SqliteRawStatement mentions)
    {
        var order = posts.Utf8(0).SequenceCompareTo(mentions.Utf8(0));
        return order != 0 ? order : posts.Utf8(1).SequenceCompareTo(mentions.Utf8(1));
    }
}
