using System.Net;
using Engagement.Collectors.Options;
using Engagement.Collectors.YouTube;

namespace Engagement.Collectors.Http;

/// <summary>
/// YouTube: every call costs quota units; a spent quota (403 quotaExceeded) pauses the network
/// until midnight Pacific, because every retry before then would fail and cost nothing but noise.
/// </summary>
internal sealed class YouTubePolicy : NetworkPolicy
{
    private static readonly HashSet<string> QuotaReasons = new(StringComparer.Ordinal) { "quotaExceeded", "dailyLimitExceeded" };
    private static readonly HashSet<string> RateReasons = new(StringComparer.Ordinal) { "rateLimitExceeded", "userRateLimitExceeded" };

    public override string Network => CollectorNetworks.YouTube;

    /// <summary>Units per call (developers.google.com/youtube/v3/determine_quota_cost): lists cost 1, search 100.</summary>
    public override int CostOf(HttpRequestMessage request) =>
        request.RequestUri?.AbsolutePath.EndsWith("/search", StringComparison.Ordinal) == true ? 100 : 1;

    public override DateTimeOffset? ResetAt(HttpResponseMessage response, DateTimeOffset now) => RateLimitHeaders.RetryAfter(response, now);

    public override IRequestBudget CreateBudget(NetworkCollectorOptions options, TimeProvider time, string lane) =>
        new DailyQuotaBudget(Network, options.RateLimit, time);

    /// <summary>The quota day, shared by every process: from midnight Pacific to the next.</summary>
    public override DateTimeOffset SharedCountsFrom(NetworkCollectorOptions options, DateTimeOffset now) => PacificTime.LastMidnight(now);

    public override bool PausesWhenSpent => true;

    public override async Task InspectAsync(HttpResponseMessage response, DateTimeOffset now, CancellationToken ct)
    {
        if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests))
        {
            return;
        }

        var error = await YouTubeErrors.ReadAsync(response, ct);
        if (error.Reasons.Any(QuotaReasons.Contains))
        {
            throw new NetworkPausedException(Network, PacificTime.NextMidnight(now), "quotaExceeded: the YouTube API quota of the day is spent");
        }

        if (error.Reasons.Any(RateReasons.Contains))
        {
            throw new TransientResponseException(response.StatusCode, string.Join(", ", error.Reasons));
        }
    }
}
