using System.Text.Json.Serialization;
using Engagement.Collectors.Graph;

namespace Engagement.Collectors.Facebook;

/// <summary>The Page node: <c>id,username,followers_count</c>.</summary>
public sealed class FacebookPage
{
    public string Id { get; init; } = "";

    public string? Username { get; init; }

    public long? FollowersCount { get; init; }
}

/// <summary>A Page post with its counts as summaries.</summary>
public sealed class FacebookPost
{
    public string Id { get; init; } = "";

    [JsonConverter(typeof(GraphTimeConverter))]
    public DateTimeOffset? CreatedTime { get; init; }

    public IReadOnlyList<GraphRef>? MessageTags { get; init; }

    /// <summary>Set on a share of another post: a repost, never stored.</summary>
    public string? ParentId { get; init; }

    public FacebookShares? Shares { get; init; }

    public GraphSummaryEdge? Reactions { get; init; }

    public GraphSummaryEdge? Comments { get; init; }
}

public sealed class FacebookShares
{
    public long? Count { get; init; }
}

/// <summary>A comment or reply (<c>filter=stream</c> lists both; a reply has <c>parent</c>).</summary>
public sealed class FacebookComment
{
    public string Id { get; init; } = "";

    public GraphRef? From { get; init; }

    [JsonConverter(typeof(GraphTimeConverter))]
    public DateTimeOffset? CreatedTime { get; init; }

    public GraphRef? Parent { get; init; }

    public IReadOnlyList<GraphRef>? MessageTags { get; init; }

    public long? LikeCount { get; init; }

    public long? CommentCount { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(FacebookPage))]
[JsonSerializable(typeof(GraphList<FacebookPost>))]
[JsonSerializable(typeof(GraphList<FacebookComment>))]
internal sealed partial class FacebookJsonContext : JsonSerializerContext;
