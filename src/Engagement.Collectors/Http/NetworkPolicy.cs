using System.Net;
using Engagement.Collectors.Options;

namespace Engagement.Collectors.Http;

/// <summary>What differs between networks in the HTTP pipeline: lanes, costs, reset headers, quota errors.</summary>
internal abstract class NetworkPolicy
{
    /// <summary>Set by a client on a request whose limits belong to a lane other than the network (a Mastodon instance).</summary>
    public static readonly HttpRequestOptionsKey<string> LaneKey = new("Engagement.Collectors.Lane");

    public abstract string Network { get; }

    /// <summary>The lane a request is limited in: one budget and circuit breaker per lane.</summary>
    public string LaneOf(HttpRequestMessage request) =>
        request.Options.TryGetValue(LaneKey, out var lane) ? lane : Network;

    /// <summary>Budget units the request consumes.</summary>
    public virtual int CostOf(HttpRequestMessage request) => 1;

    /// <summary>When the server's limit resets, from the headers of a 429 or an exhausted-remaining answer.</summary>
    public abstract DateTimeOffset? ResetAt(HttpResponseMessage response, DateTimeOffset now);

    /// <summary>Requests left in the server's window, when it says.</summary>
    public virtual long? Remaining(HttpResponseMessage response) => null;

    /// <summary>
    /// Looks at an answer (body buffered) for conditions its status does not tell: may throw
    /// <see cref="NetworkPausedException"/> or <see cref="TransientResponseException"/>.
    /// </summary>
    public virtual Task InspectAsync(HttpResponseMessage response, DateTimeOffset now, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// How long the lane should hold before its next request, from usage the server reports on any
    /// answer (Graph's usage headers): slowing down before the server starts refusing.
    /// </summary>
    public virtual LaneHold? HoldAfter(HttpResponseMessage response, DateTimeOffset now) => null;

    /// <summary>The units <paramref name="lane"/> may spend per window (configured).</summary>
    public virtual int PermitsOf(NetworkCollectorOptions options, string lane) => options.RateLimit;

    /// <summary>The in-process limit of <paramref name="lane"/>: any window of the configured length.</summary>
    public virtual IRequestBudget CreateBudget(NetworkCollectorOptions options, TimeProvider time, string lane) =>
        new SlidingWindowBudget(PermitsOf(options, lane), options.RateLimitWindow, time);

    /// <summary>
    /// The first instant whose grants still count at <paramref name="now"/> in the budget every
    /// process shares through the store: the same sliding window as in the process (a grant counts
    /// while it is younger than the configured window).
    /// </summary>
    public virtual DateTimeOffset SharedCountsFrom(NetworkCollectorOptions options, DateTimeOffset now) =>
        now - options.RateLimitWindow + TimeSpan.FromTicks(TimeSpan.TicksPerMicrosecond);

    /// <summary>When the shared budget is spent: true pauses the network until <see cref="SharedCountsFrom"/> moves (YouTube's day), false waits for the oldest grant to expire.</summary>
    public virtual bool PausesWhenSpent => false;
}

/// <summary>
/// An answer that is worth retrying although its status alone does not say so. <see cref="RetryAt"/>:
/// not before then (the lane holds too); <see cref="RateLimited"/>: the server throttled us (counted as a 429).
/// </summary>
internal sealed class TransientResponseException(HttpStatusCode status, string reason, DateTimeOffset? retryAt = null, bool rateLimited = false)
    : Exception($"{(int)status} {reason}")
{
    public DateTimeOffset? RetryAt { get; } = retryAt;

    public bool RateLimited { get; } = rateLimited;
}

/// <summary>The lane sends nothing before <see cref="Until"/>, because of <see cref="Reason"/>.</summary>
internal sealed record LaneHold(DateTimeOffset Until, string Reason);

internal sealed class MastodonPolicy : NetworkPolicy
{
    public override string Network => CollectorNetworks.Mastodon;

    // Mastodon sends no Retry-After on 429; X-RateLimit-Reset is an ISO 8601 instant.
    public override DateTimeOffset? ResetAt(HttpResponseMessage response, DateTimeOffset now) =>
        RateLimitHeaders.RetryAfter(response, now) ?? RateLimitHeaders.IsoInstant(response.Headers, "X-RateLimit-Reset");

    public override long? Remaining(HttpResponseMessage response) => RateLimitHeaders.Integer(response.Headers, "X-RateLimit-Remaining");
}

internal sealed class BlueskyPolicy : NetworkPolicy
{
    public override string Network => CollectorNetworks.Bluesky;

    public override DateTimeOffset? ResetAt(HttpResponseMessage response, DateTimeOffset now) =>
        RateLimitHeaders.RetryAfter(response, now) ?? RateLimitHeaders.EpochOrDeltaSeconds(response.Headers, "RateLimit-Reset", now);

    public override long? Remaining(HttpResponseMessage response) => RateLimitHeaders.Integer(response.Headers, "RateLimit-Remaining");
}
