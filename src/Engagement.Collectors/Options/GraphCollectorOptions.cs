namespace Engagement.Collectors.Options;

/// <summary>
/// What the two Graph API networks share: the versioned API root, an access token, and a
/// client-side limit sized to the smallest documented Graph rate limit.
/// </summary>
public abstract class GraphCollectorOptions : NetworkCollectorOptions
{
    /// <summary>The Graph API version the requests and field names are written for.</summary>
    public const string DefaultGraphUrl = "https://graph.facebook.com/v25.0";

    protected GraphCollectorOptions()
    {
        // Graph's platform rate limit for a user token: 200 calls per user per rolling hour. The
        // business use case limits of Page and Instagram tokens are larger; raise it for those.
        RateLimit = 200;
        RateLimitWindow = TimeSpan.FromHours(1);
    }

    /// <summary>Sent as the <c>access_token</c> query parameter of every request.</summary>
    public string? AccessToken { get; set; }

    internal abstract string Section { get; }

    internal override string DefaultBaseUrl => DefaultGraphUrl;

    public override string? DisabledReason =>
        string.IsNullOrWhiteSpace(AccessToken) ? $"{Section}:AccessToken is not set (a Graph API access token is required)" : null;
}

/// <summary><c>Collectors:Facebook</c>. Needs a Page (or user) access token with pages_read_engagement.</summary>
public sealed class FacebookCollectorOptions : GraphCollectorOptions
{
    public const string SectionName = "Collectors:Facebook";

    internal override string Section => SectionName;
}

/// <summary>
/// <c>Collectors:Instagram</c>. Needs the app user's access token and <see cref="UserId"/>, the
/// app user's own IG user id: its own account gets comments, others come through business discovery.
/// </summary>
public sealed class InstagramCollectorOptions : GraphCollectorOptions
{
    public const string SectionName = "Collectors:Instagram";

    public string? UserId { get; set; }

    internal override string Section => SectionName;

    public override string? DisabledReason =>
        base.DisabledReason
        ?? (string.IsNullOrWhiteSpace(UserId) ? $"{SectionName}:UserId is not set (the app user's own Instagram professional account id is required)" : null);
}
