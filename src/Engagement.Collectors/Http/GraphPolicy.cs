using Engagement.Collectors.Graph;
using Engagement.Collectors.Options;

namespace Engagement.Collectors.Http;

/// <summary>
/// Facebook and Instagram (the Graph API): throttling comes as error codes (4, 17, 32, 613,
/// 80000-80014, or <c>is_transient</c>) rather than 429, and every answer may carry usage headers
/// in percent. Below 100 % the lane slows down as usage grows; at 100 % it waits the
/// <c>estimated_time_to_regain_access</c>; an access token error (190) stops the network for the pass.
/// </summary>
internal sealed class GraphPolicy(string network, GraphCollectorOptions options) : NetworkPolicy
{
    /// <summary>Usage from which requests are spaced out: <see cref="SlowDownAt"/> % waits the first retry delay, each 5 % more doubles it.</summary>
    internal const double SlowDownAt = 75;

    /// <summary>A throttling error with no usage header saying how long: Graph's windows roll over an hour, so not seconds.</summary>
    internal static readonly TimeSpan DefaultThrottleWait = TimeSpan.FromMinutes(1);

    public override string Network => network;

    public override DateTimeOffset? ResetAt(HttpResponseMessage response, DateTimeOffset now) => RateLimitHeaders.RetryAfter(response, now);

    public override LaneHold? HoldAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        if (GraphUsage.Read(response) is not { } usage || (usage.Percent < SlowDownAt && usage.RegainAccessIn <= TimeSpan.Zero))
        {
            return null;
        }

        var wait = usage.RegainAccessIn > TimeSpan.Zero ? usage.RegainAccessIn : SlowDown(usage.Percent, options.RetryBaseDelay);
        return new LaneHold(now + wait, $"Graph API usage at {usage.Percent:0.#} %: waiting {wait} before the next call");
    }

    /// <summary>
    /// The spacing: the first retry delay at 75 %, doubling every 5 %, never more than
    /// <see cref="DefaultThrottleWait"/>, which is also the wait at 100 % when Graph gives no estimate.
    /// </summary>
    internal static TimeSpan SlowDown(double percent, TimeSpan baseDelay)
    {
        if (percent >= 100)
        {
            return DefaultThrottleWait;
        }

        var spacing = baseDelay * Math.Pow(2, (percent - SlowDownAt) / 5);
        return spacing < DefaultThrottleWait ? spacing : DefaultThrottleWait;
    }

    public override async Task InspectAsync(HttpResponseMessage response, DateTimeOffset now, CancellationToken ct)
    {
        // A 5xx is retried (and counted by the circuit breaker) as for any network, whatever its body.
        if (response.IsSuccessStatusCode || (int)response.StatusCode >= 500)
        {
            return;
        }

        if (GraphErrors.Parse(await response.Content.ReadAsStringAsync(ct)) is not { } error)
        {
            return;
        }

        if (GraphErrors.IsTokenError(error))
        {
            // Every request of the network would fail the same way: it stops for the pass, and the
            // next pass tries once more (a user who logged in again, a checkpoint cleared).
            throw new NetworkUnauthorizedException(
                Network, $"the access token was rejected ({GraphErrors.Describe(error)}); set a valid {options.Section}:AccessToken and restart");
        }

        if (!GraphErrors.IsTransient(error))
        {
            return;
        }

        var throttled = GraphErrors.IsThrottling(error);
        var regain = GraphUsage.Read(response)?.RegainAccessIn ?? TimeSpan.Zero;
        var wait = regain > TimeSpan.Zero ? regain : throttled ? DefaultThrottleWait : (TimeSpan?)null;
        if (wait > options.MaxRateLimitWait)
        {
            throw new NetworkPausedException(Network, now + wait.Value, $"throttled by the Graph API ({GraphErrors.Describe(error)})");
        }

        throw new TransientResponseException(response.StatusCode, GraphErrors.Describe(error), now + wait, throttled);
    }
}
