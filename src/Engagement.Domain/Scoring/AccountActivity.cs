using Engagement.Domain.Model;

namespace Engagement.Domain.Scoring;

/// <summary>
/// Everything scoring needs about one tracked account B, classified once (methodology.md §3):
/// B's brand posts and admin answers, the user posts aimed at B, B's answers by the post they
/// reply to (whenever they were made: an answer may fall after the window), and B's followers.
/// </summary>
public sealed class AccountActivity(Account account)
{
    private readonly List<Post> _brandPosts = [];
    private readonly List<Post> _adminAnswers = [];
    private readonly List<Post> _userPosts = [];
    private readonly Dictionary<string, List<long>> _answerTimesByParent = new(StringComparer.Ordinal);

    public Account Account { get; } = account;

    public IReadOnlyList<Post> BrandPosts => _brandPosts;

    public IReadOnlyList<Post> AdminAnswers => _adminAnswers;

    public IReadOnlyList<Post> UserPosts => _userPosts;

    public FollowerHistory Followers { get; set; } = FollowerHistory.Empty;

    /// <summary>The latest creation instant of a post authored by B, or null.</summary>
    public long? LatestOwnPost { get; private set; }

    /// <summary>Adds a post authored by B: a brand post, or an admin answer when it replies to someone else.</summary>
    public void AddOwn(Post post)
    {
        if (post.InReplyToAuthor is null || post.InReplyToAuthor == Account.Handle)
        {
            _brandPosts.Add(post);
        }
        else
        {
            _adminAnswers.Add(post);
            if (post.InReplyToPost is not null)
            {
                if (!_answerTimesByParent.TryGetValue(post.InReplyToPost, out var times))
                {
                    times = [];
                    _answerTimesByParent[post.InReplyToPost] = times;
                }

                times.Add(post.CreatedAt);
            }
        }

        LatestOwnPost = LatestOwnPost is { } latest ? Math.Max(latest, post.CreatedAt) : post.CreatedAt;
    }

    /// <summary>Adds a post by someone else that replies to or mentions B.</summary>
    public void AddUserPost(Post post) => _userPosts.Add(post);

    /// <summary>
    /// First response time in microseconds: the earliest answer a of B to <paramref name="userPost"/>
    /// with u.created_at &lt;= a.created_at &lt; u.created_at + 7 days; null when unanswered.
    /// </summary>
    public long? FirstResponse(Post userPost)
    {
        if (!_answerTimesByParent.TryGetValue(userPost.PostId, out var times))
        {
            return null;
        }

        long? first = null;
        foreach (var answeredAt in times)
        {
            var delay = answeredAt - userPost.CreatedAt;
            if (delay >= 0 && delay < ResponseHorizon && (first is null || delay < first))
            {
                first = delay;
            }
        }

        return first;
    }

    /// <summary>The response horizon of section 3.</summary>
    public const long ResponseHorizon = 7 * UtcMicros.PerDay;
}
