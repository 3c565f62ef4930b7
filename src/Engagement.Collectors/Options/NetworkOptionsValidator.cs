using Microsoft.Extensions.Options;

namespace Engagement.Collectors.Options;

/// <summary>Refuses settings the collectors cannot work with, naming the key to fix.</summary>
internal sealed class NetworkOptionsValidator<T>(string section) : IValidateOptions<T>
    where T : NetworkCollectorOptions
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var problems = new List<string>();
        void Require(bool ok, string key, string rule)
        {
            if (!ok)
            {
                problems.Add($"{section}:{key} {rule}");
            }
        }

        Require(
            string.IsNullOrWhiteSpace(options.BaseUrl) || Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out _),
            nameof(options.BaseUrl),
            "must be an absolute URL (or empty for the default)");
        Require(options.Interval > TimeSpan.Zero, nameof(options.Interval), "must be positive");
        Require(options.BackfillDays >= 1, nameof(options.BackfillDays), "must be at least 1");
        Require(options.RefreshDays >= 1, nameof(options.RefreshDays), "must be at least 1");
        Require(options.MaxConcurrency >= 1, nameof(options.MaxConcurrency), "must be at least 1");
        Require(options.LeaseDuration >= TimeSpan.FromSeconds(1), nameof(options.LeaseDuration), "must be at least 1 s");
        Require(options.RateLimit >= 1, nameof(options.RateLimit), "must be at least 1");
        Require(options.RateLimitWindow > TimeSpan.Zero, nameof(options.RateLimitWindow), "must be positive");
        Require(options.AttemptTimeout >= TimeSpan.FromMilliseconds(10), nameof(options.AttemptTimeout), "must be at least 10 ms");
        Require(options.MaxRetries >= 0, nameof(options.MaxRetries), "must not be negative");
        Require(options.RetryBaseDelay > TimeSpan.Zero, nameof(options.RetryBaseDelay), "must be positive");
        Require(options.MaxRateLimitWait > TimeSpan.Zero, nameof(options.MaxRateLimitWait), "must be positive");
        Require(options.BreakerFailureRatio is > 0 and <= 1, nameof(options.BreakerFailureRatio), "must be in (0, 1]");
        Require(options.BreakerMinimumThroughput >= 2, nameof(options.BreakerMinimumThroughput), "must be at least 2");
        Require(options.BreakerSamplingDuration >= TimeSpan.FromMilliseconds(500), nameof(options.BreakerSamplingDuration), "must be at least 0.5 s");
        Require(options.BreakerBreakDuration >= TimeSpan.FromMilliseconds(500), nameof(options.BreakerBreakDuration), "must be at least 0.5 s");
        Require(options.MaxPages >= 1, nameof(options.MaxPages), "must be at least 1");
        options.Validate(Require);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
