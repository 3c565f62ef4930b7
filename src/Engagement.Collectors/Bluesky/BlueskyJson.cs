using System.Text.Json.Serialization;

namespace Engagement.Collectors.Bluesky;

/// <summary>app.bsky.actor.defs#profileViewDetailed, the fields the collector reads.</summary>
public sealed class BlueskyProfile
{
    public string Did { get; init; } = "";

    public string? Handle { get; init; }

    public long? FollowersCount { get; init; }
}

/// <summary>app.bsky.actor.defs#profileViewBasic.</summary>
public sealed class BlueskyAuthor
{
    public string Did { get; init; } = "";

    public string? Handle { get; init; }
}

/// <summary>com.atproto.repo.strongRef.</summary>
public sealed class BlueskyStrongRef
{
    public string? Uri { get; init; }
}

public sealed class BlueskyRecordReply
{
    public BlueskyStrongRef? Root { get; init; }

    public BlueskyStrongRef? Parent { get; init; }
}

/// <summary>A feature of a rich-text facet; mentions are <c>app.bsky.richtext.facet#mention</c> with a DID.</summary>
public sealed class BlueskyFacetFeature
{
    [JsonPropertyName("$type")]
    public string? Type { get; init; }

    public string? Did { get; init; }
}

public sealed class BlueskyFacet
{
    public IReadOnlyList<BlueskyFacetFeature>? Features { get; init; }
}

/// <summary>The app.bsky.feed.post record inside a post view.</summary>
public sealed class BlueskyPostRecord
{
    public string? Text { get; init; }

    /// <summary>Client-declared; kept as text so one odd client cannot fail a whole page.</summary>
    public string? CreatedAt { get; init; }

    public BlueskyRecordReply? Reply { get; init; }

    public IReadOnlyList<BlueskyFacet>? Facets { get; init; }
}

/// <summary>app.bsky.feed.defs#postView (or a #notFoundPost / #blockedPost in its place: no author then).</summary>
public sealed class BlueskyPost
{
    [JsonPropertyName("$type")]
    public string? Type { get; init; }

    public string? Uri { get; init; }

    public BlueskyAuthor? Author { get; init; }

    public BlueskyPostRecord? Record { get; init; }

    public long ReplyCount { get; init; }

    public long RepostCount { get; init; }

    public long LikeCount { get; init; }

    public long QuoteCount { get; init; }

    public string? IndexedAt { get; init; }
}

public sealed class BlueskyReason
{
    [JsonPropertyName("$type")]
    public string? Type { get; init; }
}

public sealed class BlueskyFeedReply
{
    public BlueskyPost? Root { get; init; }

    public BlueskyPost? Parent { get; init; }

    public BlueskyAuthor? GrandparentAuthor { get; init; }
}

/// <summary>app.bsky.feed.defs#feedViewPost.</summary>
public sealed class BlueskyFeedItem
{
    public BlueskyPost? Post { get; init; }

    public BlueskyFeedReply? Reply { get; init; }

    /// <summary>A repost (#reasonRepost) or a pin; reposts are never stored.</summary>
    public BlueskyReason? Reason { get; init; }
}

/// <summary>app.bsky.feed.getAuthorFeed output.</summary>
public sealed class BlueskyFeed
{
    public string? Cursor { get; init; }

    public IReadOnlyList<BlueskyFeedItem>? Feed { get; init; }
}

/// <summary>app.bsky.feed.defs#threadViewPost (or #notFoundPost / #blockedPost: no post then).</summary>
public sealed class BlueskyThreadNode
{
    [JsonPropertyName("$type")]
    public string? Type { get; init; }

    public BlueskyPost? Post { get; init; }

    public IReadOnlyList<BlueskyThreadNode>? Replies { get; init; }
}

/// <summary>app.bsky.feed.getPostThread output.</summary>
public sealed class BlueskyThread
{
    public BlueskyThreadNode? Thread { get; init; }
}

/// <summary>An XRPC error body.</summary>
public sealed class BlueskyError
{
    public string? Error { get; init; }

    public string? Message { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(BlueskyProfile))]
[JsonSerializable(typeof(BlueskyFeed))]
[JsonSerializable(typeof(BlueskyThread))]
[JsonSerializable(typeof(BlueskyError))]
internal sealed partial class BlueskyJsonContext : JsonSerializerContext;
