namespace Engagement.Collectors.Options;

/// <summary>
/// <c>Collectors:X</c>. Needs the bearer token of an X developer app (app-only authentication).
/// Every endpoint has its own limit per 15-minute window: <see cref="NetworkCollectorOptions.RateLimit"/>
/// is the users lookup's, <see cref="TweetsRateLimit"/> and <see cref="MentionsRateLimit"/> the timelines'.
/// </summary>
public sealed class XCollectorOptions : NetworkCollectorOptions
{
    public const string Section = "Collectors:X";

    public XCollectorOptions()
    {
        // X's published per-app limits (bearer token), each per 15-minute window:
        // GET /2/users/by/username/:username 300, /2/users/:id/tweets 1,500, /2/users/:id/mentions 450.
        RateLimit = 300;
        RateLimitWindow = TimeSpan.FromMinutes(15);
        // A 429 can ask to wait for the rest of a 15-minute window (plus a second of margin).
        MaxRateLimitWait = TimeSpan.FromMinutes(16);
    }

    /// <summary>The app's bearer token, sent as <c>Authorization: Bearer</c>.</summary>
    public string? BearerToken { get; set; }

    /// <summary>Requests to <c>GET /2/users/:id/tweets</c> per <see cref="NetworkCollectorOptions.RateLimitWindow"/>.</summary>
    public int TweetsRateLimit { get; set; } = 1500;

    /// <summary>Requests to <c>GET /2/users/:id/mentions</c> per <see cref="NetworkCollectorOptions.RateLimitWindow"/>.</summary>
    public int MentionsRateLimit { get; set; } = 450;

    public override string? DisabledReason =>
        string.IsNullOrWhiteSpace(BearerToken)
            ? "Collectors:X:BearerToken is not set (the bearer token of an X developer app is required)"
            : null;

    internal override string DefaultBaseUrl => "https://api.x.com/2/";

    internal override void Validate(Action<bool, string, string> require)
    {
        require(TweetsRateLimit >= 1, nameof(TweetsRateLimit), "must be at least 1");
        require(MentionsRateLimit >= 1, nameof(MentionsRateLimit), "must be at least 1");
    }
}
