namespace Engagement.Service.Pages;

/// <summary>The pages' URLs, built in one place (the routes are in <see cref="PageEndpoints"/>).</summary>
public static class Links
{
    public const string ComparePath = "/reports/compare.html";

    /// <summary>The compare page's report as CSV (the API's rows and file, for a browser signed in with the cookie).</summary>
    public const string CompareCsvPath = "/reports/compare.csv";

    /// <summary>The compare page printed to PDF (served by the PDF printer, same query as the page).</summary>
    public const string ComparePdfPath = "/compare.pdf";

    public static string BrandCsv(string id) => $"/reports/brands/{Uri.EscapeDataString(id)}.csv";

    public static string Brand(string id) => $"/reports/brands/{Uri.EscapeDataString(id)}.html";

    /// <summary>A query string of the given pairs (empty values left out), each part URL-encoded.</summary>
    public static string Query(params (string Name, string? Value)[] pairs) =>
        string.Join('&', pairs.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));
}
