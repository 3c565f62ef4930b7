namespace Engagement.Data.Generation;

/// <summary>What to generate: how many brands, on which networks, over how many days, from which seed.</summary>
public sealed record GeneratorOptions(
    int Brands,
    IReadOnlyList<string> Networks,
    int Days,
    int Industries,
    int Seed,
    DateOnly Start)
{
    public static IReadOnlyList<string> DefaultNetworks { get; } = ["mastodon", "bluesky", "youtube"];

    /// <summary>The networks that expose views (observed reach); the others get estimated reach.</summary>
    public static bool HasViews(string network) => network == "youtube";
}
