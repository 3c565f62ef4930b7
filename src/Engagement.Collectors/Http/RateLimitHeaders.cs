using System.Globalization;
using System.Net.Http.Headers;

namespace Engagement.Collectors.Http;

/// <summary>Reads the rate-limit headers the networks send.</summary>
internal static class RateLimitHeaders
{
    /// <summary><c>Retry-After</c> as an instant: delta seconds or an HTTP date.</summary>
    public static DateTimeOffset? RetryAfter(HttpResponseMessage response, DateTimeOffset now) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => now + delta,
        { Date: { } date } => date,
        _ => null,
    };

    /// <summary>An ISO 8601 instant (Mastodon's <c>X-RateLimit-Reset</c>).</summary>
    public static DateTimeOffset? IsoInstant(HttpResponseHeaders headers, string name) =>
        First(headers, name) is { } value
        && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant
            : null;

    /// <summary>
    /// Bluesky's <c>RateLimit-Reset</c>: epoch seconds. The IETF draft the header comes from
    /// uses delta seconds instead; a small number is read that way, so either works.
    /// </summary>
    public static DateTimeOffset? EpochOrDeltaSeconds(HttpResponseHeaders headers, string name, DateTimeOffset now)
    {
        if (First(headers, name) is not { } value || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return null;
        }

        return seconds > 1_000_000_000 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : now + TimeSpan.FromSeconds(seconds);
    }

    public static long? Integer(HttpResponseHeaders headers, string name) =>
        First(headers, name) is { } value && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    private static string? First(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;
}
