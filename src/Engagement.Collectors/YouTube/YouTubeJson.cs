using System.Text.Json.Serialization;

namespace Engagement.Collectors.YouTube;

/// <summary>Any YouTube Data API list response; counts in it are JSON strings (int64), read as numbers.</summary>
public sealed class YouTubeList<T>
{
    public string? NextPageToken { get; init; }

    public IReadOnlyList<T>? Items { get; init; }
}

public sealed class YouTubeChannel
{
    public string Id { get; init; } = "";

    public YouTubeChannelSnippet? Snippet { get; init; }

    public YouTubeChannelStatistics? Statistics { get; init; }

    public YouTubeChannelContentDetails? ContentDetails { get; init; }
}

public sealed class YouTubeChannelSnippet
{
    public string? Title { get; init; }

    public string? CustomUrl { get; init; }
}

public sealed class YouTubeChannelStatistics
{
    public long? SubscriberCount { get; init; }

    public bool HiddenSubscriberCount { get; init; }
}

public sealed class YouTubeChannelContentDetails
{
    public YouTubeRelatedPlaylists? RelatedPlaylists { get; init; }
}

public sealed class YouTubeRelatedPlaylists
{
    public string? Uploads { get; init; }
}

public sealed class YouTubePlaylistItem
{
    public YouTubePlaylistItemDetails? ContentDetails { get; init; }
}

public sealed class YouTubePlaylistItemDetails
{
    public string? VideoId { get; init; }

    /// <summary>Absent for a private or deleted video.</summary>
    public DateTimeOffset? VideoPublishedAt { get; init; }
}

public sealed class YouTubeVideo
{
    public string Id { get; init; } = "";

    public YouTubeVideoSnippet? Snippet { get; init; }

    public YouTubeVideoStatistics? Statistics { get; init; }
}

public sealed class YouTubeVideoSnippet
{
    public DateTimeOffset? PublishedAt { get; init; }

    public string? ChannelId { get; init; }
}

public sealed class YouTubeVideoStatistics
{
    public long? ViewCount { get; init; }

    public long? LikeCount { get; init; }

    public long? CommentCount { get; init; }
}

public sealed class YouTubeCommentThread
{
    public string Id { get; init; } = "";

    public YouTubeCommentThreadSnippet? Snippet { get; init; }

    /// <summary>Some of the replies only; <see cref="YouTubeCommentThreadSnippet.TotalReplyCount"/> says whether all are here.</summary>
    public YouTubeCommentReplies? Replies { get; init; }
}

public sealed class YouTubeCommentThreadSnippet
{
    public string? VideoId { get; init; }

    public YouTubeComment? TopLevelComment { get; init; }

    public long TotalReplyCount { get; init; }
}

public sealed class YouTubeCommentReplies
{
    public IReadOnlyList<YouTubeComment>? Comments { get; init; }
}

public sealed class YouTubeComment
{
    public string Id { get; init; } = "";

    public YouTubeCommentSnippet? Snippet { get; init; }
}

public sealed class YouTubeCommentSnippet
{
    /// <summary>The author's <c>@handle</c> for channels that have one.</summary>
    public string? AuthorDisplayName { get; init; }

    public YouTubeChannelRef? AuthorChannelId { get; init; }

    public string? TextOriginal { get; init; }

    public string? ParentId { get; init; }

    public long LikeCount { get; init; }

    public DateTimeOffset? PublishedAt { get; init; }
}

public sealed class YouTubeChannelRef
{
    public string? Value { get; init; }
}

public sealed class YouTubeErrorEnvelope
{
    public YouTubeError? Error { get; init; }
}

public sealed class YouTubeError
{
    public int Code { get; init; }

    public string? Message { get; init; }

    public IReadOnlyList<YouTubeErrorItem>? Errors { get; init; }

    /// <summary>The newer google.rpc details: an ErrorInfo's reason is e.g. <c>API_KEY_INVALID</c>.</summary>
    public IReadOnlyList<YouTubeErrorItem>? Details { get; init; }
}

public sealed class YouTubeErrorItem
{
    public string? Reason { get; init; }

    public string? Domain { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(YouTubeList<YouTubeChannel>))]
[JsonSerializable(typeof(YouTubeList<YouTubePlaylistItem>))]
[JsonSerializable(typeof(YouTubeList<YouTubeVideo>))]
[JsonSerializable(typeof(YouTubeList<YouTubeCommentThread>))]
[JsonSerializable(typeof(YouTubeList<YouTubeComment>))]
[JsonSerializable(typeof(YouTubeErrorEnvelope))]
internal sealed partial class YouTubeJsonContext : JsonSerializerContext;
