using System.Globalization;
using Engagement.Domain.Model;

namespace Engagement.Collectors.Bluesky;

/// <summary>
/// DIDs to handles, learnt from the authors met in a run (the account itself, feed items, threads).
/// A DID never met stays a DID: the post still counts, under an id that is stable.
/// </summary>
internal sealed class BlueskyNames
{
    private const string InvalidHandle = "handle.invalid";
    private readonly Dictionary<string, string> _byDid = new(StringComparer.Ordinal);
    private string? _pinned;

    /// <summary>The tracked account: always its tracked handle, whatever a view of it says.</summary>
    public void Pin(string did, string handle)
    {
        _byDid[did] = Handle.Normalize(handle);
        _pinned = did;
    }

    public void Learn(string did, string? handle)
    {
        if (did.Length > 0 && did != _pinned && !string.IsNullOrEmpty(handle) && !string.Equals(handle, InvalidHandle, StringComparison.OrdinalIgnoreCase))
        {
            _byDid[did] = Handle.Normalize(handle);
        }
    }

    public void Learn(BlueskyAuthor? author)
    {
        if (author is not null)
        {
            Learn(author.Did, author.Handle);
        }
    }

    public string Resolve(string did) => _byDid.TryGetValue(did, out var handle) ? handle : Handle.Normalize(did);
}

/// <summary>Bluesky post views as domain posts.</summary>
internal static class BlueskyMapper
{
    private const string MentionType = "app.bsky.richtext.facet#mention";

    /// <summary>The authority of an AT-URI (<c>at://did:plc:xyz/app.bsky.feed.post/rkey</c>): the author's DID.</summary>
    public static string? AuthorityOf(string? atUri)
    {
        const string scheme = "at://";
        if (atUri is null || !atUri.StartsWith(scheme, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = atUri[scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? rest : rest[..slash];
        return authority.Length == 0 ? null : authority;
    }

    /// <summary>The record's <c>createdAt</c>, else the time the AppView indexed it.</summary>
    public static DateTimeOffset? CreatedAt(BlueskyPost post) =>
        Parse(post.Record?.CreatedAt) ?? Parse(post.IndexedAt);

    /// <summary>The post, or null for a placeholder (#notFoundPost, #blockedPost) or a view without a date.</summary>
    public static Post? ToPost(BlueskyPost post, BlueskyNames names)
    {
        if (post.Uri is not { Length: > 0 } uri || post.Author is not { Did.Length: > 0 } author || CreatedAt(post) is not { } created)
        {
            return null;
        }

        var parentUri = post.Record?.Reply?.Parent?.Uri;
        var parentAuthor = AuthorityOf(parentUri) is { } parentDid ? names.Resolve(parentDid) : null;
        var mentions = (post.Record?.Facets ?? [])
            .SelectMany(f => f.Features ?? [])
            .Where(f => f.Type == MentionType && !string.IsNullOrEmpty(f.Did))
            .Select(f => names.Resolve(f.Did!))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        return new Post(
            CollectorNetworks.Bluesky,
            uri,
            names.Resolve(author.Did),
            UtcMicros.FromDateTimeOffset(created),
            parentUri,
            parentAuthor,
            mentions,
            Math.Max(0, post.LikeCount),
            Math.Max(0, post.RepostCount),
            Math.Max(0, post.QuoteCount),
            Math.Max(0, post.ReplyCount),
            Views: null);
    }

    private static DateTimeOffset? Parse(string? value) =>
        value is not null && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant
            : null;
}
