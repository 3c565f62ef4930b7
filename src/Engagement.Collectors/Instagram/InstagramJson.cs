using System.Text.Json.Serialization;
using Engagement.Collectors.Graph;

namespace Engagement.Collectors.Instagram;

/// <summary>An IG User: the app user's own (<c>id,username,followers_count</c>), or the holder of a business discovery answer.</summary>
public sealed class InstagramUser
{
    public string Id { get; init; } = "";

    public string? Username { get; init; }

    public long? FollowersCount { get; init; }

    public InstagramDiscovery? BusinessDiscovery { get; init; }
}

/// <summary>Another professional account, as business discovery shows it: counts and media, no comments.</summary>
public sealed class InstagramDiscovery
{
    public string? Id { get; init; }

    public long? FollowersCount { get; init; }

    public GraphList<InstagramMedia>? Media { get; init; }
}

public sealed class InstagramMedia
{
    public string Id { get; init; } = "";

    public string? Caption { get; init; }

    [JsonConverter(typeof(GraphTimeConverter))]
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>Absent when the owner hides like counts.</summary>
    public long? LikeCount { get; init; }

    public long? CommentsCount { get; init; }
}

/// <summary>A top-level comment, with the first page of its replies.</summary>
public sealed class InstagramComment
{
    public string Id { get; init; } = "";

    public string? Username { get; init; }

    public string? Text { get; init; }

    [JsonConverter(typeof(GraphTimeConverter))]
    public DateTimeOffset? Timestamp { get; init; }

    public long? LikeCount { get; init; }

    public GraphList<InstagramReply>? Replies { get; init; }
}

public sealed class InstagramReply
{
    public string Id { get; init; } = "";

    public string? Username { get; init; }

    public string? Text { get; init; }

    [JsonConverter(typeof(GraphTimeConverter))]
    public DateTimeOffset? Timestamp { get; init; }

    public long? LikeCount { get; init; }

    /// <summary>The top-level comment replied to.</summary>
    public string? ParentId { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(InstagramUser))]
[JsonSerializable(typeof(GraphList<InstagramMedia>))]
[JsonSerializable(typeof(GraphList<InstagramComment>))]
[JsonSerializable(typeof(GraphList<InstagramReply>))]
internal sealed partial class InstagramJsonContext : JsonSerializerContext;
