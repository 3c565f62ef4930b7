namespace Engagement.Collectors;

/// <summary>The network ids the collectors serve, as stored in the accounts and posts tables.</summary>
public static class CollectorNetworks
{
    public const string Mastodon = "mastodon";
    public const string Bluesky = "bluesky";
    public const string YouTube = "youtube";
    public const string Facebook = "facebook";
    public const string Instagram = "instagram";
    public const string X = "x";

    /// <summary>The networks with a registered collector, in the order a foreground run goes through them.</summary>
    public static IReadOnlyList<string> All { get; } = [Mastodon, Bluesky, YouTube, Facebook, Instagram, X];
}
