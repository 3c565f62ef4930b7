using Engagement.Collectors.Engine;
using Engagement.Domain.Model;

namespace Engagement.Collectors.Bluesky;

/// <summary>
/// One Bluesky account: its posts and replies back to the cutoff (reposts skipped, counts
/// refreshed every run), the post each of its replies answers (free: the feed embeds it), and
/// the threads under its posts whose reply count changed.
/// </summary>
internal sealed class BlueskyCollector(BlueskyClient client) : INetworkCollector
{
    public string Network => CollectorNetworks.Bluesky;

    public async Task<AccountHarvest> CollectAsync(AccountPass pass, CancellationToken ct)
    {
        var profile = await client.GetProfileAsync(pass.Account.Handle, ct);
        var names = new BlueskyNames();
        // The tracked handle is the name the reports use, whatever the profile's spelling.
        names.Pin(profile.Did, pass.Account.Handle);

        var (own, parents) = await ReadOwnPostsAsync(pass, profile.Did, names, ct);
        var replies = await ReadThreadsAsync(pass, own, names, ct);

        var posts = new PostSet();
        foreach (var post in parents.Concat(replies).Concat(own))
        {
            if (BlueskyMapper.ToPost(post, names) is { } mapped)
            {
                posts.Add(mapped);
            }
        }

        var newest = own.MaxBy(p => BlueskyMapper.CreatedAt(p))?.Uri ?? pass.State.Cursor;
        var followers = profile.FollowersCount is { } count ? pass.Followers(count) : null;
        return new AccountHarvest(posts.ToList(), followers, newest);
    }

    private async Task<(List<BlueskyPost> Own, List<BlueskyPost> Parents)> ReadOwnPostsAsync(
        AccountPass pass, string did, BlueskyNames names, CancellationToken ct)
    {
        var own = new List<BlueskyPost>();
        var parents = new List<BlueskyPost>();
        string? cursor = null;
        for (var pages = 0; pages < pass.Options.MaxPages; pages++)
        {
            var page = await client.GetAuthorFeedAsync(did, cursor, ct);
            var items = page.Feed ?? [];
            var reachedCutoff = false;
            foreach (var item in items)
            {
                if (item.Reason?.Type?.EndsWith("#reasonRepost", StringComparison.Ordinal) == true
                    || item.Post is not { } post || post.Author?.Did != did)
                {
                    continue;
                }

                if (BlueskyMapper.CreatedAt(post) is not { } created || UtcMicros.FromDateTimeOffset(created) < pass.CutoffMicros)
                {
                    reachedCutoff = true;
                    continue;
                }

                own.Add(post);
                names.Learn(item.Reply?.Root?.Author);
                names.Learn(item.Reply?.GrandparentAuthor);
                if (item.Reply?.Parent is { Author: not null } parent)
                {
                    names.Learn(parent.Author);
                    parents.Add(parent);
                }
            }

            // The feed is newest first: once a page reaches the cutoff, later pages are older still.
            if (reachedCutoff || items.Count == 0 || string.IsNullOrEmpty(page.Cursor) || page.Cursor == cursor)
            {
                break;
            }

            cursor = page.Cursor;
        }

        return (own, parents);
    }

    /// <summary>Threads are fetched only under posts whose reply count changed since the last stored run.</summary>
    private async Task<List<BlueskyPost>> ReadThreadsAsync(AccountPass pass, List<BlueskyPost> own, BlueskyNames names, CancellationToken ct)
    {
        var known = await pass.Store.GetReplyCountsAsync(Network, pass.Account.Handle, pass.CutoffMicros, ct);
        var replies = new List<BlueskyPost>();
        foreach (var post in own)
        {
            if (post.ReplyCount == 0 || post.Uri is null
                || (known.TryGetValue(post.Uri, out var stored) && stored == post.ReplyCount))
            {
                continue;
            }

            var thread = await client.GetPostThreadAsync(post.Uri, ct);
            Flatten(thread?.Thread?.Replies, replies, names);
        }

        return replies;
    }

    private static void Flatten(IReadOnlyList<BlueskyThreadNode>? nodes, List<BlueskyPost> into, BlueskyNames names)
    {
        foreach (var node in nodes ?? [])
        {
            if (node.Post is { } post)
            {
                names.Learn(post.Author);
                into.Add(post);
            }

            Flatten(node.Replies, into, names);
        }
    }
}
