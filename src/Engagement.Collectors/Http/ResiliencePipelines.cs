using System.Net;
using Engagement.Collectors.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Engagement.Collectors.Http;

/// <summary>
/// The Polly pipelines of a lane. Retry is outside the budget (each attempt takes a permit, so
/// retries are limited too); the circuit breaker and the per-attempt timeout are inside, so time
/// spent waiting for a permit is never counted as a slow server.
/// </summary>
internal static class ResiliencePipelines
{
    // Clock skew between us and the server must not make us knock again a moment too early.
    private static readonly TimeSpan ResetMargin = TimeSpan.FromSeconds(1);

    public static ResiliencePipeline<HttpResponseMessage> Retry(NetworkPolicy policy, NetworkCollectorOptions options, TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (options.MaxRetries < 1)
        {
            return builder.Build();
        }

        return builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            Delay = options.RetryBaseDelay,
            // Jitter spreads the accounts that failed together, so they do not come back together.
            UseJitter = true,
            MaxDelay = options.MaxRateLimitWait,
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, policy, options, time)),
            // A 429 waits exactly until the server's reset; anything else backs off exponentially.
            DelayGenerator = args => ValueTask.FromResult(args.Outcome switch
            {
                { Result: { StatusCode: HttpStatusCode.TooManyRequests } response } => RateLimitWait(policy, response, time),
                { Exception: TransientResponseException { RetryAt: { } retryAt } } => Max(retryAt - time.GetUtcNow(), TimeSpan.Zero) + ResetMargin,
                _ => null,
            }),
        }).Build();
    }

    public static ResiliencePipeline<HttpResponseMessage> Attempt(NetworkCollectorOptions options, TimeProvider time) =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakerBreakDuration,
                // A 429 is the server working as designed, not failing: it must not open the breaker.
                ShouldHandle = args => ValueTask.FromResult(IsServerFailure(args.Outcome)),
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();

    internal static TimeSpan? RateLimitWait(NetworkPolicy policy, HttpResponseMessage response, TimeProvider time)
    {
        var now = time.GetUtcNow();
        return policy.ResetAt(response, now) is { } reset ? Max(reset - now, TimeSpan.Zero) + ResetMargin : null;
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, NetworkPolicy policy, NetworkCollectorOptions options, TimeProvider time)
    {
        if (outcome.Exception is TransientResponseException)
        {
            return true;
        }

        if (outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } limited)
        {
            // Holding a worker for longer than this is worse than trying again next run.
            return RateLimitWait(policy, limited, time) is not { } wait || wait <= options.MaxRateLimitWait;
        }

        return IsServerFailure(outcome);
    }

    private static bool IsServerFailure(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException or IOException } => true,
        { Result: { } response } => (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout,
        _ => false,
    };

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
