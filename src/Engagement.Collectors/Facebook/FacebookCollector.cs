using Engagement.Collectors.Engine;
using Engagement.Collectors.Graph;
using Engagement.Domain.Model;

namespace Engagement.Collectors.Facebook;

/// <summary>
/// One Facebook Page: its posts since the cutoff (shares of other posts skipped, counts refreshed
/// every run) and every comment and reply under them. Comments are re-read under every stored
/// post, as networks.md asks: a reply to a comment does not change the post's (top-level) comment
/// count, so no count tells that a thread is unchanged.
/// </summary>
internal sealed class FacebookCollector(FacebookClient client) : INetworkCollector
{
    public string Network => CollectorNetworks.Facebook;

    public async Task<AccountHarvest> CollectAsync(AccountPass pass, CancellationToken ct)
    {
        var handle = pass.Account.Handle;
        var page = await client.GetPageAsync(handle, ct);
        var mapper = new FacebookMapper(handle, page.Id);
        var own = await ReadPostsAsync(pass, page.Id, ct);

        var posts = new PostSet();
        foreach (var post in own)
        {
            if (mapper.ToPost(post) is not { } mapped)
            {
                continue;
            }

            posts.Add(mapped);
            await ReadCommentsAsync(pass, post.Id, mapper, posts, ct);
        }

        var newest = own.Where(p => string.IsNullOrEmpty(p.ParentId)).MaxBy(p => p.CreatedTime)?.Id ?? pass.State.Cursor;
        var followers = page.FollowersCount is { } count ? pass.Followers(count) : null;
        return new AccountHarvest(posts.ToList(), followers, newest);
    }

    private async Task<List<FacebookPost>> ReadPostsAsync(AccountPass pass, string pageId, CancellationToken ct)
    {
        var own = new List<FacebookPost>();
        await GraphPages.ReadAsync(
            client.FirstPostsPage(pageId, UtcMicros.ToDateTimeOffset(pass.CutoffMicros)),
            client.GetPostsAsync,
            client.Next,
            pass.Options.MaxPages,
            items =>
            {
                var inWindow = items.Where(p => p.CreatedTime is { } at && UtcMicros.FromDateTimeOffset(at) >= pass.CutoffMicros).ToList();
                own.AddRange(inWindow);
                // `since` already bounds the list; a page with nothing newer than the cutoff ends it anyway.
                return Task.FromResult(inWindow.Count > 0);
            },
            ct);
        return own;
    }

    private Task ReadCommentsAsync(AccountPass pass, string postId, FacebookMapper mapper, PostSet posts, CancellationToken ct) =>
        GraphPages.ReadAsync(
            client.FirstCommentsPage(postId),
            client.GetCommentsAsync,
            client.Next,
            pass.Options.MaxPages,
            items =>
            {
                foreach (var comment in items)
                {
                    if (mapper.ToComment(comment, postId) is { } mapped)
                    {
                        posts.Add(mapped);
                    }
                }

                return Task.FromResult(true);
            },
            ct);
}
