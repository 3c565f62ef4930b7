using System.Net;
using System.Text.Json.Serialization.Metadata;
using Engagement.Collectors.Http;
using Engagement.Collectors.Options;
using Microsoft.Extensions.Options;

namespace Engagement.Collectors.YouTube;

/// <summary>The YouTube Data API v3 list calls the collector makes, each costing 1 quota unit.</summary>
public sealed class YouTubeClient(HttpClient http, IOptions<YouTubeCollectorOptions> options)
{
    public const int MaxIdsPerCall = 50;

    /// <summary>The channel by <c>@handle</c> (or channel id); null when there is none.</summary>
    public async Task<YouTubeChannel?> GetChannelAsync(string handle, CancellationToken ct)
    {
        var bare = handle.TrimStart('@');
        // A 24-character handle starting with "uc" looks like an id: try it as one, then as a handle.
        if (IsChannelId(bare) && await GetChannelByAsync($"id={Uri.EscapeDataString(bare)}", ct) is { } byId)
        {
            return byId;
        }

        return await GetChannelByAsync($"forHandle={Uri.EscapeDataString("@" + bare)}", ct);
    }

    private async Task<YouTubeChannel?> GetChannelByAsync(string filter, CancellationToken ct)
    {
        var list = await ListAsync($"channels?part=snippet,statistics,contentDetails&{filter}", YouTubeJsonContext.Default.YouTubeListYouTubeChannel, ct);
        return list.Items?.FirstOrDefault(c => c.Id.Length > 0);
    }

    public Task<YouTubeList<YouTubePlaylistItem>> GetPlaylistItemsAsync(string playlistId, string? pageToken, CancellationToken ct) =>
        ListAsync(
            $"playlistItems?part=contentDetails&maxResults={MaxIdsPerCall}&playlistId={Uri.EscapeDataString(playlistId)}{Page(pageToken)}",
            YouTubeJsonContext.Default.YouTubeListYouTubePlaylistItem,
            ct);

    public Task<YouTubeList<YouTubeVideo>> GetVideosAsync(IReadOnlyCollection<string> ids, CancellationToken ct) =>
        ids.Count is 0 or > MaxIdsPerCall
            ? throw new ArgumentOutOfRangeException(nameof(ids), ids.Count, $"1 to {MaxIdsPerCall} video ids per call")
            : ListAsync(
                $"videos?part=snippet,statistics&maxResults={MaxIdsPerCall}&id={Uri.EscapeDataString(string.Join(',', ids))}",
                YouTubeJsonContext.Default.YouTubeListYouTubeVideo,
                ct);

    /// <summary>A page of a video's comment threads; null when its comments are disabled.</summary>
    public async Task<YouTubeList<YouTubeCommentThread>?> GetCommentThreadsAsync(string videoId, string? pageToken, CancellationToken ct)
    {
        try
        {
            return await ListAsync(
                $"commentThreads?part=snippet,replies&maxResults=100&textFormat=plainText&videoId={Uri.EscapeDataString(videoId)}{Page(pageToken)}",
                YouTubeJsonContext.Default.YouTubeListYouTubeCommentThread,
                ct,
                (response, reasons) => response.StatusCode == HttpStatusCode.Forbidden && reasons.Contains("commentsDisabled")
                    ? new CommentsDisabledException()
                    : null);
        }
        catch (CommentsDisabledException)
        {
            return null;
        }
    }

    /// <summary>A page of the replies to a top-level comment.</summary>
    public Task<YouTubeList<YouTubeComment>> GetRepliesAsync(string parentId, string? pageToken, CancellationToken ct) =>
        ListAsync(
            $"comments?part=snippet&maxResults=100&textFormat=plainText&parentId={Uri.EscapeDataString(parentId)}{Page(pageToken)}",
            YouTubeJsonContext.Default.YouTubeListYouTubeComment,
            ct);

    /// <summary>A channel id: <c>UC</c> and 22 more characters. Lower-cased ids no longer match: track by @handle.</summary>
    public static bool IsChannelId(string value) =>
        value.Length == 24 && value.StartsWith("UC", StringComparison.OrdinalIgnoreCase);

    private async Task<YouTubeList<T>> ListAsync<T>(
        string pathAndQuery,
        JsonTypeInfo<YouTubeList<T>> type,
        CancellationToken ct,
        Func<HttpResponseMessage, IReadOnlyList<string>, Exception?>? special = null)
    {
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.ApiKey))
        {
            throw new InvalidOperationException("Collectors:YouTube:ApiKey is not set");
        }

        var url = new Uri(settings.ResolveBaseUrl(), $"{pathAndQuery}&key={Uri.EscapeDataString(settings.ApiKey)}");
        var (list, response) = await HttpJson.GetAsync(http, url, type, null, (r, body) => Error(r, body, url, special), ct);
        response.Dispose();
        return list;
    }

    // The key itself refused (invalid, expired, or its project without the YouTube Data API): every call would fail alike.
    private static readonly HashSet<string> KeyReasons = new(StringComparer.Ordinal)
    {
        "keyInvalid", "keyExpired", "API_KEY_INVALID", "API_KEY_EXPIRED", "accessNotConfigured", "SERVICE_DISABLED", "API_KEY_SERVICE_BLOCKED",
    };

    // The reasons say more than the status (403 covers quota, disabled comments, bad keys...).
    private static Exception Error(HttpResponseMessage response, string body, Uri url, Func<HttpResponseMessage, IReadOnlyList<string>, Exception?>? special)
    {
        var details = YouTubeErrors.Parse(body);
        if (details.Reasons.Any(KeyReasons.Contains) || response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return new NetworkUnauthorizedException(
                CollectorNetworks.YouTube,
                $"{(int)response.StatusCode} from {HttpJson.Redact(url)}: {string.Join(", ", details.Reasons)}: {details.Message} (check Collectors:YouTube:ApiKey)");
        }

        return special?.Invoke(response, details.Reasons)
            ?? new CollectorHttpException(
                response.StatusCode,
                HttpJson.Redact(url),
                details.Reasons.Count > 0 ? $"{string.Join(", ", details.Reasons)}: {details.Message}" : HttpJson.Excerpt(body));
    }

    private sealed class CommentsDisabledException : Exception;

    private static string Page(string? token) => string.IsNullOrEmpty(token) ? "" : $"&pageToken={Uri.EscapeDataString(token)}";
}
