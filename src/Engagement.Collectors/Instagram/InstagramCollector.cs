using Engagement.Collectors.Engine;
using Engagement.Collectors.Graph;
using Engagement.Collectors.Http;
using Engagement.Domain.Model;

namespace Engagement.Collectors.Instagram;

/// <summary>
/// One Instagram professional account. The app user's own account (<c>Collectors:Instagram:UserId</c>):
/// its media since the cutoff, and every comment and reply under each of them. Any
/// other account: business discovery, which shows its media and their counts but no comments.
/// </summary>
internal sealed class InstagramCollector(InstagramClient client, InstagramOwnUser ownUser) : INetworkCollector
{
    public string Network => CollectorNetworks.Instagram;

    public async Task<AccountHarvest> CollectAsync(AccountPass pass, CancellationToken ct)
    {
        InstagramUser? own = null;
        if (ownUser.Username is null)
        {
            own = await client.GetOwnUserAsync(ct);
            ownUser.Learn(own.Username);
        }

        var mapper = new InstagramMapper(pass.Account.Handle);
        return ownUser.Username == pass.Account.Handle
            ? await CollectOwnAsync(pass, own ?? await client.GetOwnUserAsync(ct), mapper, ct)
            : await CollectOtherAsync(pass, mapper, ct);
    }

    private async Task<AccountHarvest> CollectOwnAsync(AccountPass pass, InstagramUser user, InstagramMapper mapper, CancellationToken ct)
    {
        var media = new List<InstagramMedia>();
        await GraphPages.ReadAsync(
            client.FirstMediaPage(), client.GetMediaAsync, client.Next, pass.Options.MaxPages, items => Task.FromResult(Take(pass, items, media)), ct);

        var posts = new PostSet();
        foreach (var item in media)
        {
            if (mapper.Media(item) is not { } post)
            {
                continue;
            }

            posts.Add(post);
            // Every stored media, as networks.md asks: a count may lag behind (or hide) a new reply.
            await ReadCommentsAsync(pass, item.Id, mapper, posts, ct);
        }

        return Harvest(pass, posts, media, user.FollowersCount);
    }

    private async Task<AccountHarvest> CollectOtherAsync(AccountPass pass, InstagramMapper mapper, CancellationToken ct)
    {
        var media = new List<InstagramMedia>();
        long? followers = null;
        string? after = null;
        for (var pages = 0; pages < pass.Options.MaxPages; pages++)
        {
            var discovery = (await client.DiscoverAsync(pass.Account.Handle, after, ct)).BusinessDiscovery
                ?? throw new AccountUnavailableException($"instagram account {pass.Account.Handle}: business discovery answered without the account");
            followers ??= discovery.FollowersCount;
            var cursor = discovery.Media?.Paging?.Cursors?.After;
            if (!Take(pass, discovery.Media?.Data, media) || string.IsNullOrEmpty(cursor) || cursor == after)
            {
                break;
            }

            after = cursor;
        }

        var posts = new PostSet();
        foreach (var item in media)
        {
            if (mapper.Media(item) is { } post)
            {
                posts.Add(post);
            }
        }

        return Harvest(pass, posts, media, followers);
    }

    /// <summary>Adds the page's media inside the window; false when paging should stop (empty page, or the cutoff reached: newest first).</summary>
    private static bool Take(AccountPass pass, IReadOnlyList<InstagramMedia>? page, List<InstagramMedia> into)
    {
        if (page is not { Count: > 0 })
        {
            return false;
        }

        var reachedCutoff = false;
        foreach (var item in page)
        {
            if (item.Timestamp is { } at && UtcMicros.FromDateTimeOffset(at) < pass.CutoffMicros)
            {
                reachedCutoff = true;
                continue;
            }

            into.Add(item);
        }

        return !reachedCutoff;
    }

    private Task ReadCommentsAsync(AccountPass pass, string mediaId, InstagramMapper mapper, PostSet posts, CancellationToken ct) =>
        GraphPages.ReadAsync(
            client.FirstCommentsPage(mediaId),
            client.GetCommentsAsync,
            client.Next,
            pass.Options.MaxPages,
            async items =>
            {
                foreach (var comment in items)
                {
                    var replies = await RepliesOfAsync(pass, comment, ct);
                    if (mapper.TopLevel(comment, mediaId, replies.Count) is { } top)
                    {
                        posts.Add(top);
                    }

                    foreach (var reply in replies)
                    {
                        if (mapper.Reply(reply, comment) is { } mapped)
                        {
                            posts.Add(mapped);
                        }
                    }
                }

                return true;
            },
            ct);

    /// <summary>The replies the comment carries, and the rest from <c>replies.paging.next</c> when there are more.</summary>
    private async Task<List<InstagramReply>> RepliesOfAsync(AccountPass pass, InstagramComment comment, CancellationToken ct)
    {
        var replies = new List<InstagramReply>(comment.Replies?.Data ?? []);
        await GraphPages.ReadAsync(
            comment.Replies is { } first ? client.Next(first) : null,
            client.GetRepliesAsync,
            client.Next,
            pass.Options.MaxPages,
            items =>
            {
                replies.AddRange(items);
                return Task.FromResult(true);
            },
            ct);

        // A reply met twice (pages overlapping while the thread grows) is one reply.
        return replies.Where(r => r.Id.Length > 0).DistinctBy(r => r.Id, StringComparer.Ordinal).ToList();
    }

    private static AccountHarvest Harvest(AccountPass pass, PostSet posts, List<InstagramMedia> media, long? followers)
    {
        var newest = media.Where(m => m.Timestamp is not null).MaxBy(m => m.Timestamp)?.Id ?? pass.State.Cursor;
        return new AccountHarvest(posts.ToList(), followers is { } count ? pass.Followers(count) : null, newest);
    }
}
