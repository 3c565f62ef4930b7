using System.Text.RegularExpressions;
using Engagement.Domain.Model;

namespace Engagement.Collectors.YouTube;

/// <summary>
/// YouTube videos and comments as domain posts, relative to the tracked channel: each video is a
/// brand post, a top-level comment replies to the video (so to the channel), and a reply in a
/// thread replies to the thread's top-level comment; the channel's own replies are its answers.
/// </summary>
internal sealed partial class YouTubeMapper(string handle, string channelId)
{
    /// <summary>The video as a brand post; its views are the observed reach.</summary>
    public Post? Video(YouTubeVideo video, DateTimeOffset? listedAt)
    {
        if (video.Id.Length == 0 || (video.Snippet?.PublishedAt ?? listedAt) is not { } published)
        {
            return null;
        }

        var stats = video.Statistics;
        return new Post(
            CollectorNetworks.YouTube,
            video.Id,
            handle,
            UtcMicros.FromDateTimeOffset(published),
            InReplyToPost: null,
            InReplyToAuthor: null,
            Mentions: [],
            Likes: Math.Max(0, stats?.LikeCount ?? 0),
            Shares: 0,
            Quotes: 0,
            Replies: Math.Max(0, stats?.CommentCount ?? 0),
            Views: stats?.ViewCount is { } views ? Math.Max(0, views) : null);
    }

    /// <summary>A top-level comment: a reply to the video, whose author is the channel.</summary>
    public Post? TopLevel(YouTubeComment comment, string videoId, long totalReplies) =>
        Comment(comment, videoId, handle, totalReplies);

    /// <summary>A reply in a thread: it answers the top-level comment.</summary>
    public Post? Reply(YouTubeComment reply, YouTubeComment topLevel) =>
        Comment(reply, reply.Snippet?.ParentId ?? topLevel.Id, AuthorOf(topLevel), 0);

    /// <summary>The channel itself by id; else the <c>@handle</c> YouTube shows as the display name; else the channel id.</summary>
    public string AuthorOf(YouTubeComment comment)
    {
        var snippet = comment.Snippet;
        var authorChannel = snippet?.AuthorChannelId?.Value;
        if (authorChannel == channelId)
        {
            return handle;
        }

        if (snippet?.AuthorDisplayName is { } name && name.StartsWith('@') && name.Length > 1)
        {
            return Handle.Normalize(name);
        }

        return Handle.Normalize(authorChannel ?? snippet?.AuthorDisplayName ?? comment.Id);
    }

    private Post? Comment(YouTubeComment comment, string parentId, string parentAuthor, long replies)
    {
        if (comment.Id.Length == 0 || comment.Snippet?.PublishedAt is not { } published)
        {
            return null;
        }

        return new Post(
            CollectorNetworks.YouTube,
            comment.Id,
            AuthorOf(comment),
            UtcMicros.FromDateTimeOffset(published),
            parentId,
            parentAuthor,
            Mentions(comment.Snippet.TextOriginal),
            Likes: Math.Max(0, comment.Snippet.LikeCount),
            Shares: 0,
            Quotes: 0,
            Replies: Math.Max(0, replies),
            Views: null);
    }

    /// <summary>YouTube has no mention entities: <c>@handle</c> in the text is how people address a channel.</summary>
    internal static IReadOnlyList<string> Mentions(string? text) =>
        text is null
            ? []
            : MentionPattern().Matches(text).Select(m => Handle.Normalize(m.Groups[1].Value)).Distinct(StringComparer.Ordinal).ToList();

    // YouTube handles: 3-30 of letters, digits, '.', '_', '-'; not preceded by a word character (e-mail addresses).
    [GeneratedRegex(@"(?<![\w@])@([\p{L}\p{N}._-]{3,30})", RegexOptions.CultureInvariant)]
    private static partial Regex MentionPattern();
}
