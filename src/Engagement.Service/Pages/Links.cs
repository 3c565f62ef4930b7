namespace Engagement.Service.Pages;

/// <summary>The pages' URLs, built in one place (the routes are in <see cref="PageEndpoints"/>).</summary>
public static class Links
{
    public const string ComparePath = "/reports/compare.html";

    public static string Brand(string id) => $"/reports/brands/{Uri.EscapeDataString(id)}.html";

    /// <summary>A query string of the given pairs (empty values left out), each part URL-encoded.</summary>
    public static string Query(params (string Name, string? Value)[] pairs) =>
        string.Join('&', pairs.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));
}
