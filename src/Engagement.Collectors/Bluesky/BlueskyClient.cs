using System.Net;
using System.Text.Json;
using Engagement.Collectors.Http;
using Engagement.Collectors.Options;
using Microsoft.Extensions.Options;

namespace Engagement.Collectors.Bluesky;

/// <summary>The Bluesky AppView's public XRPC endpoints, unauthenticated.</summary>
public sealed class BlueskyClient(HttpClient http, IOptions<BlueskyCollectorOptions> options)
{
    public const int PageSize = 100;

    // XRPC errors that mean the actor cannot be read (lexicons of getProfile and getAuthorFeed).
    private static readonly HashSet<string> ActorErrors = new(StringComparer.Ordinal)
    {
        "InvalidRequest", "NotFound", "AccountTakedown", "AccountDeactivated", "BlockedActor", "BlockedByActor",
    };

    private Uri BaseUrl => options.Value.ResolveBaseUrl();

    public async Task<BlueskyProfile> GetProfileAsync(string actor, CancellationToken ct)
    {
        var url = new Uri(BaseUrl, $"app.bsky.actor.getProfile?actor={Uri.EscapeDataString(actor)}");
        var (profile, response) = await HttpJson.GetAsync(http, url, BlueskyJsonContext.Default.BlueskyProfile, null, ActorUnavailable(actor), ct);
        response.Dispose();
        return profile;
    }

    /// <summary>A page of the actor's posts and replies (reposts included: the caller skips them).</summary>
    public async Task<BlueskyFeed> GetAuthorFeedAsync(string actor, string? cursor, CancellationToken ct)
    {
        var query = $"app.bsky.feed.getAuthorFeed?actor={Uri.EscapeDataString(actor)}&filter=posts_with_replies&limit={PageSize}";
        if (!string.IsNullOrEmpty(cursor))
        {
            query += $"&cursor={Uri.EscapeDataString(cursor)}";
        }

        var (feed, response) = await HttpJson.GetAsync(http, new Uri(BaseUrl, query), BlueskyJsonContext.Default.BlueskyFeed, null, ActorUnavailable(actor), ct);
        response.Dispose();
        return feed;
    }

    /// <summary>The replies under a post (no parents); null when the post is gone.</summary>
    public async Task<BlueskyThread?> GetPostThreadAsync(string uri, CancellationToken ct)
    {
        var url = new Uri(BaseUrl, $"app.bsky.feed.getPostThread?uri={Uri.EscapeDataString(uri)}&depth=10&parentHeight=0");
        try
        {
            var (thread, response) = await HttpJson.GetAsync(
                http, url, BlueskyJsonContext.Default.BlueskyThread, null, (r, body) => IsError(r, body, "NotFound") ? new PostGoneException() : null, ct);
            response.Dispose();
            return thread;
        }
        catch (PostGoneException)
        {
            return null;
        }
    }

    private static Func<HttpResponseMessage, string, Exception?> ActorUnavailable(string actor) => (response, body) =>
        response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound && ErrorOf(body) is { } error && ActorErrors.Contains(error.Error ?? "")
            ? new AccountUnavailableException($"bluesky account {actor}: {error.Error} {error.Message}".TrimEnd())
            : null;

    private static bool IsError(HttpResponseMessage response, string body, string name) =>
        response.StatusCode == HttpStatusCode.BadRequest && ErrorOf(body)?.Error == name;

    private static BlueskyError? ErrorOf(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, BlueskyJsonContext.Default.BlueskyError);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed class PostGoneException : Exception;
}
