using Engagement.Collectors.Engine;
using Engagement.Collectors.Http;
using Engagement.Domain.Model;

namespace Engagement.Collectors.YouTube;

/// <summary>
/// One YouTube channel: its uploads back to the cutoff (counts and views refreshed every run, 50
/// per call), and the comment threads of the videos whose comment count changed.
/// </summary>
internal sealed class YouTubeCollector(YouTubeClient client) : INetworkCollector
{
    public string Network => CollectorNetworks.YouTube;

    public async Task<AccountHarvest> CollectAsync(AccountPass pass, CancellationToken ct)
    {
        var handle = pass.Account.Handle;
        var channel = await client.GetChannelAsync(handle, ct)
            ?? throw new AccountUnavailableException(YouTubeClient.IsChannelId(handle)
                ? $"youtube channel {handle} not found: channel ids are case-sensitive, track the channel by its @handle"
                : $"youtube channel @{handle} not found");

        var mapper = new YouTubeMapper(handle, channel.Id);
        var posts = new PostSet();
        var videos = await ReadVideosAsync(pass, channel, mapper, ct);
        foreach (var video in videos)
        {
            posts.Add(video);
        }

        var known = await pass.Store.GetReplyCountsAsync(Network, handle, pass.CutoffMicros, ct);
        foreach (var video in videos)
        {
            if (video.Replies > 0 && (!known.TryGetValue(video.PostId, out var stored) || stored != video.Replies))
            {
                await ReadCommentsAsync(pass, video.PostId, mapper, posts, ct);
            }
        }

        var stats = channel.Statistics;
        var followers = stats is { HiddenSubscriberCount: false, SubscriberCount: { } subscribers } ? pass.Followers(subscribers) : null;
        var newest = videos.MaxBy(v => v.CreatedAt)?.PostId ?? pass.State.Cursor;
        return new AccountHarvest(posts.ToList(), followers, newest);
    }

    private async Task<List<Post>> ReadVideosAsync(AccountPass pass, YouTubeChannel channel, YouTubeMapper mapper, CancellationToken ct)
    {
        var listed = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        if (channel.ContentDetails?.RelatedPlaylists?.Uploads is { Length: > 0 } uploads)
        {
            string? token = null;
            for (var pages = 0; pages < pass.Options.MaxPages; pages++)
            {
                var page = await client.GetPlaylistItemsAsync(uploads, token, ct);
                var reachedCutoff = false;
                foreach (var item in page.Items ?? [])
                {
                    if (item.ContentDetails is not { VideoId: { Length: > 0 } id, VideoPublishedAt: { } published })
                    {
                        continue;
                    }

                    if (UtcMicros.FromDateTimeOffset(published) < pass.CutoffMicros)
                    {
                        reachedCutoff = true;
                        continue;
                    }

                    listed[id] = published;
                }

                if (reachedCutoff || string.IsNullOrEmpty(page.NextPageToken) || page.NextPageToken == token)
                {
                    break;
                }

                token = page.NextPageToken;
            }
        }

        var videos = new List<Post>();
        foreach (var chunk in listed.Keys.Chunk(YouTubeClient.MaxIdsPerCall))
        {
            var page = await client.GetVideosAsync(chunk, ct);
            foreach (var video in page.Items ?? [])
            {
                if (mapper.Video(video, listed.GetValueOrDefault(video.Id)) is { } post)
                {
                    videos.Add(post);
                }
            }
        }

        return videos;
    }

    private async Task ReadCommentsAsync(AccountPass pass, string videoId, YouTubeMapper mapper, PostSet posts, CancellationToken ct)
    {
        string? token = null;
        for (var pages = 0; pages < pass.Options.MaxPages; pages++)
        {
            var page = await client.GetCommentThreadsAsync(videoId, token, ct);
            if (page is null)
            {
                return;
            }

            foreach (var thread in page.Items ?? [])
            {
                if (thread.Snippet?.TopLevelComment is not { } top)
                {
                    continue;
                }

                if (mapper.TopLevel(top, videoId, thread.Snippet.TotalReplyCount) is { } topPost)
                {
                    posts.Add(topPost);
                }

                foreach (var reply in await RepliesOfAsync(pass, thread, top, ct))
                {
                    if (mapper.Reply(reply, top) is { } replyPost)
                    {
                        posts.Add(replyPost);
                    }
                }
            }

            if (string.IsNullOrEmpty(page.NextPageToken) || page.NextPageToken == token)
            {
                return;
            }

            token = page.NextPageToken;
        }
    }

    /// <summary>The thread carries a few replies; when it has more, comments.list has them all.</summary>
    private async Task<IReadOnlyList<YouTubeComment>> RepliesOfAsync(AccountPass pass, YouTubeCommentThread thread, YouTubeComment top, CancellationToken ct)
    {
        var inline = thread.Replies?.Comments ?? [];
        if (thread.Snippet!.TotalReplyCount <= inline.Count)
        {
            return inline;
        }

        var all = new List<YouTubeComment>();
        string? token = null;
        for (var pages = 0; pages < pass.Options.MaxPages; pages++)
        {
            var page = await client.GetRepliesAsync(top.Id, token, ct);
            all.AddRange(page.Items ?? []);
            if (string.IsNullOrEmpty(page.NextPageToken) || page.NextPageToken == token)
            {
                break;
            }

            token = page.NextPageToken;
        }

        return all;
    }
}
