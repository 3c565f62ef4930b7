using System.Text.RegularExpressions;
using Engagement.Domain.Model;

namespace Engagement.Collectors.Instagram;

/// <summary>
/// Media, comments and replies as domain posts (networks.md, instagram). A top-level comment
/// answers the media (so the account), a reply answers its top-level comment.
/// </summary>
internal sealed partial class InstagramMapper(string handle)
{
    public Post? Media(InstagramMedia media)
    {
        if (media.Id.Length == 0 || media.Timestamp is not { } created)
        {
            return null;
        }

        return new Post(
            CollectorNetworks.Instagram,
            media.Id,
            handle,
            UtcMicros.FromDateTimeOffset(created),
            InReplyToPost: null,
            InReplyToAuthor: null,
            Mentions(media.Caption),
            Likes: Count(media.LikeCount),
            Shares: 0,
            Quotes: 0,
            Replies: Count(media.CommentsCount),
            Views: null);
    }

    /// <summary>A top-level comment; no count of its replies is served, so it is the number read.</summary>
    public Post? TopLevel(InstagramComment comment, string mediaId, int replies) =>
        Comment(comment.Id, comment.Username, comment.Text, comment.Timestamp, comment.LikeCount, mediaId, handle, replies);

    public Post? Reply(InstagramReply reply, InstagramComment topLevel) =>
        Comment(
            reply.Id,
            reply.Username,
            reply.Text,
            reply.Timestamp,
            reply.LikeCount,
            string.IsNullOrEmpty(reply.ParentId) ? topLevel.Id : reply.ParentId,
            AuthorOf(topLevel.Username, topLevel.Id),
            0);

    /// <summary>
    /// @names: an <c>@</c> not following a letter, digit, <c>.</c>, <c>_</c> or <c>@</c>, then 1 to 30
    /// letters, digits, <c>.</c> or <c>_</c>, less any final periods (<c>@ana.m.</c> names <c>ana.m</c>).
    /// </summary>
    internal static IReadOnlyList<string> Mentions(string? text) =>
        string.IsNullOrEmpty(text)
            ? []
            : MentionPattern().Matches(text)
                .Select(m => m.Groups[1].Value.TrimEnd('.'))
                .Where(name => name.Length > 0)
                .Select(Handle.Normalize)
                .Distinct(StringComparer.Ordinal)
                .ToList();

    private Post? Comment(
        string id, string? username, string? text, DateTimeOffset? timestamp, long? likes, string parentId, string parentAuthor, int replies)
    {
        if (id.Length == 0 || timestamp is not { } created)
        {
            return null;
        }

        return new Post(
            CollectorNetworks.Instagram,
            id,
            AuthorOf(username, id),
            UtcMicros.FromDateTimeOffset(created),
            parentId,
            parentAuthor,
            Mentions(text),
            Likes: Count(likes),
            Shares: 0,
            Quotes: 0,
            Replies: replies,
            Views: null);
    }

    /// <summary>The username (the account's own comments are the handle's); a comment without one is its own author id.</summary>
    private static string AuthorOf(string? username, string id) => Handle.Normalize(string.IsNullOrWhiteSpace(username) ? id : username);

    private static long Count(long? value) => Math.Max(0, value ?? 0);

    [GeneratedRegex(@"(?<![\p{L}\p{Nd}._@])@([\p{L}\p{Nd}._]{1,30})", RegexOptions.CultureInvariant)]
    private static partial Regex MentionPattern();
}
