using Engagement.Collectors.Engine;
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
        var url = client.FirstPostsPage(pageId, UtcMicros.ToDateTimeOffset(pass.CutoffMicros));
        for (var pages = 0; url is not null && pages < pass.Options.MaxPages; pages++)
        {
            var list = await client.GetPostsAsync(url, ct);
            var items = list.Data ?? [];
            var inWindow = items.Where(p => p.CreatedTime is { } at && UtcMicros.FromDateTimeOffset(at) >= pass.CutoffMicros).ToList();
            own.AddRange(inWindow);
            // `since` already bounds the list; a page with nothing newer than the cutoff ends it anyway.
            if (inWindow.Count == 0)
            {
                break;
            }

            url = client.Next(list);
        }

        return own;
    }

    private async Task ReadCommentsAsync(AccountPass pass, string postId, FacebookMapper mapper, PostSet posts, CancellationToken ct)
    {
        var url = client.FirstCommentsPage(postId);
        for (var pages = 0; url is not null && pages < pass.Options.MaxPages; pages++)
        {
            var list = await client.GetCommentsAsync(url, ct);
            foreach (var comment in list.Data ?? [])
            {
                if (mapper.ToComment(comment, postId) is { } mapped)
                {
                    posts.Add(mapped);
                }
            }

            if (list.Data is not { Count: > 0 })
            {
                break;
            }

            url = client.Next(list);
        }
    }
}
