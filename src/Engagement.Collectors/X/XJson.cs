using System.Text.Json.Serialization;

namespace Engagement.Collectors.X;

/// <summary>A User object with the fields the collector asks for (<c>user.fields=public_metrics</c> or <c>username</c>).</summary>
public sealed class XUser
{
    public string Id { get; init; } = "";

    public string? Username { get; init; }

    public XUserMetrics? PublicMetrics { get; init; }
}

public sealed class XUserMetrics
{
    public long FollowersCount { get; init; }
}

/// <summary>A Post object with <c>created_at, public_metrics, referenced_tweets, in_reply_to_user_id, conversation_id, author_id, entities</c>.</summary>
public sealed class XTweet
{
    public string Id { get; init; } = "";

    /// <summary>RFC 3339 with milliseconds, e.g. <c>2025-03-01T09:00:00.000Z</c>; null when the field was not served.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    public string? AuthorId { get; init; }

    public string? ConversationId { get; init; }

    public string? InReplyToUserId { get; init; }

    public IReadOnlyList<XReferencedTweet>? ReferencedTweets { get; init; }

    public XTweetMetrics? PublicMetrics { get; init; }

    public XEntities? Entities { get; init; }
}

/// <summary><c>type</c> is <c>replied_to</c>, <c>quoted</c> or <c>retweeted</c>.</summary>
public sealed class XReferencedTweet
{
    public string? Type { get; init; }

    public string? Id { get; init; }
}

/// <summary>Counts a post may lack (a hidden or withheld one): each missing count reads as 0.</summary>
public sealed class XTweetMetrics
{
    public long RetweetCount { get; init; }

    public long ReplyCount { get; init; }

    public long LikeCount { get; init; }

    public long QuoteCount { get; init; }

    public long? ImpressionCount { get; init; }
}

public sealed class XEntities
{
    public IReadOnlyList<XMention>? Mentions { get; init; }
}

public sealed class XMention
{
    public string? Username { get; init; }

    public string? Id { get; init; }
}

/// <summary>
/// An error object, in a failed answer's body (the problem format: <c>title</c>, <c>detail</c>,
/// <c>type</c>, <c>status</c>) or in the <c>errors</c> of a 200 partial answer.
/// </summary>
public sealed class XProblem
{
    public string? Title { get; init; }

    public string? Detail { get; init; }

    public string? Type { get; init; }

    public int? Status { get; init; }

    /// <summary>The v1-style <c>{"code", "message"}</c> a few errors still use (a 429's code 88).</summary>
    public string? Message { get; init; }

    public string? ResourceType { get; init; }

    public string? Parameter { get; init; }

    public string? Value { get; init; }

    public IReadOnlyList<XProblem>? Errors { get; init; }

    /// <summary>The most specific text the object has.</summary>
    public string Describe() =>
        string.Join(": ", new[] { Title, Detail ?? Message }.Where(p => !string.IsNullOrWhiteSpace(p)).Distinct(StringComparer.Ordinal))
        is { Length: > 0 } text ? text : Type ?? "unknown error";
}

public sealed class XUserResponse
{
    public XUser? Data { get; init; }

    public IReadOnlyList<XProblem>? Errors { get; init; }
}

public sealed class XIncludes
{
    public IReadOnlyList<XUser>? Users { get; init; }
}

public sealed class XMeta
{
    public int? ResultCount { get; init; }

    public string? NextToken { get; init; }
}

/// <summary>A page of a user's posts or mentions.</summary>
public sealed class XTimelineResponse
{
    public IReadOnlyList<XTweet>? Data { get; init; }

    public XIncludes? Includes { get; init; }

    public XMeta? Meta { get; init; }

    public IReadOnlyList<XProblem>? Errors { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(XUserResponse))]
[JsonSerializable(typeof(XTimelineResponse))]
[JsonSerializable(typeof(XProblem))]
internal sealed partial class XJsonContext : JsonSerializerContext;
