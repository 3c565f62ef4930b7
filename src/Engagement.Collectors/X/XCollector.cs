using Engagement.Collectors.Engine;
using Engagement.Domain.Model;

namespace Engagement.Collectors.X;

/// <summary>
/// One X account: the user (follower count), then its posts and the posts mentioning it since the
/// cutoff, every page of each (networks.md, <c>x</c>). Each run re-reads the window, so counts
/// stay fresh; retweets are skipped.
/// </summary>
internal sealed class XCollector(XClient client) : INetworkCollector
{
    public string Network => CollectorNetworks.X;

    public async Task<AccountHarvest> CollectAsync(AccountPass pass, CancellationToken ct)
    {
        var handle = pass.Account.Handle;
        var user = await client.GetUserAsync(handle, ct);
        var mapper = new XMapper(handle, user.Id);
        // The cutoff to the second: start_time is RFC 3339 without fractions.
        var start = DateTimeOffset.FromUnixTimeSeconds(UtcMicros.ToDateTimeOffset(pass.CutoffMicros).ToUnixTimeSeconds());

        var tweets = new List<XTweet>();
        foreach (var mentions in new[] { false, true })
        {
            tweets.AddRange(await ReadTimelineAsync(pass, user.Id, mentions, start, mapper, ct));
        }

        // Mapped once every page's includes are known: a page may name a user another page needs.
        var posts = new PostSet();
        var own = new List<Post>();
        foreach (var tweet in tweets)
        {
            if (mapper.ToPost(tweet) is { } post && post.CreatedAt >= pass.CutoffMicros)
            {
                posts.Add(post);
                if (tweet.AuthorId == user.Id)
                {
                    own.Add(post);
                }
            }
        }

        var followers = user.PublicMetrics is { } metrics ? pass.Followers(metrics.FollowersCount) : null;
        var newest = own.MaxBy(p => (p.CreatedAt, p.PostId.Length, p.PostId))?.PostId ?? pass.State.Cursor;
        return new AccountHarvest(posts.ToList(), followers, newest);
    }

    private async Task<List<XTweet>> ReadTimelineAsync(
        AccountPass pass, string userId, bool mentions, DateTimeOffset start, XMapper mapper, CancellationToken ct)
    {
        var found = new List<XTweet>();
        string? token = null;
        for (var pages = 0; pages < pass.Options.MaxPages; pages++)
        {
            var page = await client.GetTimelineAsync(userId, mentions, start, token, ct);
            mapper.Learn(page.Includes);
            found.AddRange(page.Data ?? []);
            var next = page.Meta?.NextToken;
            if (string.IsNullOrEmpty(next) || next == token)
            {
                break;
            }

            token = next;
        }

        return found;
    }
}
