using Engagement.Domain.Model;

namespace Engagement.Collectors.X;

/// <summary>X posts as domain posts (networks.md, <c>x</c>): user ids to usernames, the tracked user to its handle.</summary>
internal sealed class XMapper(string handle, string userId)
{
    private readonly Dictionary<string, string> _usernames = new(StringComparer.Ordinal) { [userId] = handle };

    /// <summary>Learns the usernames of an answer's <c>includes.users</c>.</summary>
    public void Learn(XIncludes? includes)
    {
        foreach (var user in includes?.Users ?? [])
        {
            if (user.Id.Length > 0 && !string.IsNullOrWhiteSpace(user.Username) && user.Id != userId)
            {
                _usernames[user.Id] = Handle.Normalize(user.Username);
            }
        }
    }

    /// <summary>
    /// The username of a user id; the id itself when the answer did not include the user (a
    /// suspended or protected account is left out of <c>includes</c>, with an entry in <c>errors</c>).
    /// </summary>
    public string NameOf(string id) => _usernames.GetValueOrDefault(id) ?? id;

    /// <summary>Retweets are not posts: a post whose <c>referenced_tweets</c> has a <c>retweeted</c> entry.</summary>
    public static bool IsRetweet(XTweet tweet) =>
        tweet.ReferencedTweets?.Any(r => string.Equals(r.Type, "retweeted", StringComparison.Ordinal)) == true;

    /// <summary>The post, or null for a retweet or a post without its id, author or creation time.</summary>
    public Post? ToPost(XTweet tweet)
    {
        if (IsRetweet(tweet) || tweet.Id.Length == 0 || tweet.AuthorId is not { Length: > 0 } author || tweet.CreatedAt is not { } created)
        {
            return null;
        }

        var repliedTo = tweet.ReferencedTweets?.FirstOrDefault(r => string.Equals(r.Type, "replied_to", StringComparison.Ordinal))?.Id;
        var mentions = (tweet.Entities?.Mentions ?? [])
            .Select(m => m.Username)
            .Where(name => !string.IsNullOrWhiteSpace(name))
            .Select(name => Handle.Normalize(name!))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var metrics = tweet.PublicMetrics ?? new XTweetMetrics();
        return new Post(
            CollectorNetworks.X,
            tweet.Id,
            NameOf(author),
            UtcMicros.FromDateTimeOffset(created),
            string.IsNullOrEmpty(repliedTo) ? null : repliedTo,
            tweet.InReplyToUserId is { Length: > 0 } parent ? NameOf(parent) : null,
            mentions,
            Math.Max(0, metrics.LikeCount),
            Math.Max(0, metrics.RetweetCount),
            Math.Max(0, metrics.QuoteCount),
            Math.Max(0, metrics.ReplyCount),
            Math.Max(0, metrics.ImpressionCount ?? 0));
    }
}
