using Engagement.Collectors.Options;

namespace Engagement.Collectors.Http;

/// <summary>
/// X API v2: every endpoint has its own limit per 15-minute window, so each is a lane with its
/// own budget (sized from <see cref="XCollectorOptions"/>). Answers carry <c>x-rate-limit-limit</c>,
/// <c>x-rate-limit-remaining</c> and <c>x-rate-limit-reset</c> (Unix seconds): a 429, or none
/// remaining, holds the endpoint's lane until the reset.
/// </summary>
internal sealed class XPolicy : NetworkPolicy
{
    public const string UsersLane = "x:users";
    public const string TweetsLane = "x:tweets";
    public const string MentionsLane = "x:mentions";

    public override string Network => CollectorNetworks.X;

    // X sends no Retry-After; a proxy in front of it might.
    public override DateTimeOffset? ResetAt(HttpResponseMessage response, DateTimeOffset now) =>
        RateLimitHeaders.RetryAfter(response, now) ?? RateLimitHeaders.EpochOrDeltaSeconds(response.Headers, "x-rate-limit-reset", now);

    public override long? Remaining(HttpResponseMessage response) => RateLimitHeaders.Integer(response.Headers, "x-rate-limit-remaining");

    public override int PermitsOf(NetworkCollectorOptions options, string lane)
    {
        var x = (XCollectorOptions)options;
        return lane switch
        {
            TweetsLane => x.TweetsRateLimit,
            MentionsLane => x.MentionsRateLimit,
            _ => x.RateLimit,
        };
    }
}
