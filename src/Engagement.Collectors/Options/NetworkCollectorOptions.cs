namespace Engagement.Collectors.Options;

/// <summary>
/// Settings every network collector shares, bound from <c>Collectors:&lt;Network&gt;</c>.
/// The defaults follow each network's published limits; a smaller instance can lower them.
/// </summary>
public abstract class NetworkCollectorOptions
{
    /// <summary>False stops the background worker; a foreground run still works.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Replaces the network's public API root (tests, proxies); null keeps the default.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>How often the background worker polls every account.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How far back the first run of an account goes.</summary>
    public int BackfillDays { get; set; } = 30;

    /// <summary>
    /// How far back later runs re-read the account's posts to refresh their counts: the default
    /// report window (methodology.md §2), so every post a report can include keeps growing.
    /// </summary>
    public int RefreshDays { get; set; } = 30;

    /// <summary>Accounts of this network collected at the same time.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>
    /// How long an account's lease lasts without a heartbeat (renewed every quarter of it while the
    /// account is collected): an instance that dies frees its accounts after at most this long.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Requests (quota units for YouTube) allowed per <see cref="RateLimitWindow"/>.</summary>
    public int RateLimit { get; set; }

    public TimeSpan RateLimitWindow { get; set; }

    /// <summary>One HTTP attempt, body included, is abandoned (and retried) after this long.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt, on 5xx, timeouts, network errors and 429.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>First retry delay; doubled per attempt, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A 429 asking to wait longer than this fails the account run instead of holding a worker.</summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Cap of the backoff between runs of an account that keeps failing.</summary>
    public TimeSpan MaxFailureBackoff { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Circuit breaker: share of failed attempts in <see cref="BreakerSamplingDuration"/> that opens it.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    public int BreakerMinimumThroughput { get; set; } = 10;

    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Safety stop for paging, should a server hand back cursors forever.</summary>
    public int MaxPages { get; set; } = 100;

    internal abstract string DefaultBaseUrl { get; }

    /// <summary>
    /// Why the network cannot be collected with these settings (typically: its credentials are
    /// missing); null when it can. A disabled network logs this once, runs no pass, and its
    /// accounts show as disabled with this reason in the status.
    /// </summary>
    public virtual string? DisabledReason => null;

    /// <summary>Checks the network's own keys: <c>require(ok, key, rule)</c> for each.</summary>
    internal virtual void Validate(Action<bool, string, string> require)
    {
    }

    /// <summary>The API root with a trailing slash, so relative paths append to it.</summary>
    internal Uri ResolveBaseUrl(string? fallback = null) =>
        WithTrailingSlash(string.IsNullOrWhiteSpace(BaseUrl) ? fallback ?? DefaultBaseUrl : BaseUrl);

    internal static Uri WithTrailingSlash(string url) => new(url.EndsWith('/') ? url : url + "/", UriKind.Absolute);
}

/// <summary><c>Collectors:Mastodon</c>. No credentials: public endpoints only.</summary>
public sealed class MastodonCollectorOptions : NetworkCollectorOptions
{
    public const string Section = "Collectors:Mastodon";

    public MastodonCollectorOptions()
    {
        // Mastodon's default limit for unauthenticated API calls: 300 per 5 minutes per IP, per instance.
        RateLimit = 300;
        RateLimitWindow = TimeSpan.FromMinutes(5);
    }

    // Each account's instance ("https://{instance}/"); only BaseUrl overrides it.
    internal override string DefaultBaseUrl => throw new InvalidOperationException("a Mastodon base URL comes from the account's instance");
}

/// <summary><c>Collectors:Bluesky</c>. No credentials: the public AppView.</summary>
public sealed class BlueskyCollectorOptions : NetworkCollectorOptions
{
    public const string Section = "Collectors:Bluesky";

    public BlueskyCollectorOptions()
    {
        // The AppView's published limit per IP.
        RateLimit = 3000;
        RateLimitWindow = TimeSpan.FromMinutes(5);
    }

    internal override string DefaultBaseUrl => "https://public.api.bsky.app/xrpc/";
}

/// <summary><c>Collectors:YouTube</c>. Needs an API key of a Google Cloud project with the YouTube Data API v3.</summary>
public sealed class YouTubeCollectorOptions : NetworkCollectorOptions
{
    public const string Section = "Collectors:YouTube";

    public YouTubeCollectorOptions()
    {
        // The default quota of a project: 10,000 units per day (resetting at midnight Pacific).
        RateLimit = 10_000;
        RateLimitWindow = TimeSpan.FromDays(1);
    }

    public string? ApiKey { get; set; }

    public override string? DisabledReason =>
        string.IsNullOrWhiteSpace(ApiKey) ? "Collectors:YouTube:ApiKey is not set (a YouTube Data API v3 key is required)" : null;

    internal override string DefaultBaseUrl => "https://www.googleapis.com/youtube/v3/";
}
