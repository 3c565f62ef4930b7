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

    /// <summary>Networks whose data comes only from imported CSV files (no collector for them yet).</summary>
    public static IReadOnlyList<string> CsvOnly { get; } =
        [.. new[] { X, Facebook, Instagram, "linkedin", "tiktok", "threads" }.Except(All, StringComparer.Ordinal)];

    /// <summary>True for a network an account may be tracked on: collected, or imported as CSV.</summary>
    public static bool IsKnown(string network) => All.Contains(network, StringComparer.Ordinal) || CsvOnly.Contains(network, StringComparer.Ordinal);

    /// <summary>True when the background collectors fetch this network's accounts.</summary>
    public static bool IsCollected(string network) => All.Contains(network, StringComparer.Ordinal);
}
