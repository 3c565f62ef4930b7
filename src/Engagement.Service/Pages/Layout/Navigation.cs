namespace Engagement.Service.Pages.Layout;

/// <summary>The pages a signed-in user can reach from every page, in the order the navigation shows them.</summary>
public static class Navigation
{
    public static IReadOnlyList<(string Href, string Label)> Links { get; } =
    [
        ("/", "Brands"),
        (Methodology.Path, "Methodology"),
    ];
}
