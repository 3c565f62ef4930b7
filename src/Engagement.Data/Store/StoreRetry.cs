using Polly;
using Polly.Retry;

namespace Engagement.Data.Store;

/// <summary>How writes are retried when another writer holds the lock.</summary>
public sealed record StoreRetryOptions
{
    public int MaxRetryAttempts { get; init; } = 4;

    /// <summary>First delay; doubled (with jitter) on each further attempt.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Called before each retry with the attempt number (0 first) and the error; for logs and tests.</summary>
    public Action<int, Exception?>? OnRetry { get; init; }
}

/// <summary>The resilience pipeline wrapped around store writes.</summary>
public static class StoreRetry
{
    public static ResiliencePipeline Create(ISqlDialect dialect, StoreRetryOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        var settings = options ?? new StoreRetryOptions();
        if (settings.MaxRetryAttempts < 1)
        {
            return ResiliencePipeline.Empty;
        }

        var builder = new ResiliencePipelineBuilder();
        if (time is not null)
        {
            builder.TimeProvider = time;
        }

        return builder
            .AddRetry(new RetryStrategyOptions
            {
                // Only lock contention is worth retrying: any other error would fail again.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } error && dialect.IsTransient(error)),
                MaxRetryAttempts = settings.MaxRetryAttempts,
                Delay = settings.BaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                // Jitter keeps two processes that collided from colliding again in lock-step.
                UseJitter = true,
                OnRetry = args =>
                {
                    settings.OnRetry?.Invoke(args.AttemptNumber, args.Outcome.Exception);
                    return default;
                },
            })
            .Build();
    }
}
