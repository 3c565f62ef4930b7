using Engagement.Collectors.Graph;
using Engagement.Domain.Model;

namespace Engagement.Collectors.Facebook;

/// <summary>
/// Page posts and their comments as domain posts (networks.md, facebook). Other authors have no
/// username in the API: <c>h(id)</c> is the registered handle for the Page's own id, the Graph id otherwise.
/// </summary>
internal sealed class FacebookMapper(string handle, string pageId)
{
    /// <summary>The author of each comment of the post being read, by comment id, for the replies to it.</summary>
    private readonly Dictionary<string, string> _commentAuthors = new(StringComparer.Ordinal);

    public string H(string id) => id == pageId ? handle : Handle.Normalize(id);

    /// <summary>The Page's post; null for a share of another post (it has a <c>parent_id</c>) or an unreadable one.</summary>
    public Post? ToPost(FacebookPost post)
    {
        if (post.Id.Length == 0 || post.CreatedTime is not { } created || !string.IsNullOrEmpty(post.ParentId))
        {
            return null;
        }

        return new Post(
            CollectorNetworks.Facebook,
            post.Id,
            handle,
            UtcMicros.FromDateTimeOffset(created),
            InReplyToPost: null,
            InReplyToAuthor: null,
            Mentions(post.MessageTags),
            Likes: Count(post.Reactions?.Summary?.TotalCount),
            Shares: Count(post.Shares?.Count),
            Quotes: 0,
            Replies: Count(post.Comments?.Summary?.TotalCount),
            Views: null);
    }

    /// <summary>
    /// A comment on <paramref name="postId"/>: a top-level one answers the post (so the Page), a
    /// reply answers its parent comment. Comments come oldest first, so a parent is always known
    /// before its replies. Graph may withhold <c>from</c>: such an author is the comment's own id.
    /// </summary>
    public Post? ToComment(FacebookComment comment, string postId)
    {
        if (comment.Id.Length == 0 || comment.CreatedTime is not { } created)
        {
            return null;
        }

        var author = comment.From?.Id is { Length: > 0 } from ? H(from) : Handle.Normalize(comment.Id);
        _commentAuthors[comment.Id] = author;
        var parent = comment.Parent?.Id;
        var isReply = !string.IsNullOrEmpty(parent) && parent != postId;
        return new Post(
            CollectorNetworks.Facebook,
            comment.Id,
            author,
            UtcMicros.FromDateTimeOffset(created),
            InReplyToPost: isReply ? parent : postId,
            // A reply whose parent comment is gone (deleted) answers nobody known.
            InReplyToAuthor: isReply ? _commentAuthors.GetValueOrDefault(parent!) : handle,
            Mentions(comment.MessageTags),
            Likes: Count(comment.LikeCount),
            Shares: 0,
            Quotes: 0,
            Replies: Count(comment.CommentCount),
            Views: null);
    }

    private List<string> Mentions(IReadOnlyList<GraphRef>? tags) =>
        tags?.Select(t => t.Id).OfType<string>().Where(id => id.Length > 0).Select(H).Distinct(StringComparer.Ordinal).ToList() ?? [];

    /// <summary>A count missing from the answer (hidden, not served) is 0.</summary>
    private static long Count(long? value) => Math.Max(0, value ?? 0);
}
