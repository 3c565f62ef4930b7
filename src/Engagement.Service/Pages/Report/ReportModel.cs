using Engagement.Domain.Scoring;
using Engagement.Service.Api;
using Engagement.Service.Pages.Charts;
using Engagement.Service.Reports;

namespace Engagement.Service.Pages.Report;

/// <summary>A brand as a report page shows it: its name (never only its id) and its colour in every chart.</summary>
public sealed record ReportBrand(string Id, string Name, string Colour);

/// <summary>
/// The query of a report page, echoed back in its filters form and carried unchanged by its
/// CSV and PDF links, plus the page's own choice about partial trend buckets.
/// </summary>
public sealed record ReportPageQuery(IReadOnlyList<string>? Brands, ReportParameters Parameters, bool HidePartial)
{
    /// <summary>The page's own parameter: <c>partial=mark</c> (default) or <c>partial=hide</c>.</summary>
    public static bool ParsePartial(string? partial) => partial switch
    {
        null or "" or "mark" => false,
        "hide" => true,
        _ => throw new ApiParameterException("partial", $"unknown value '{partial}': use mark (draw partial weeks, marked) or hide (leave them out)"),
    };

    /// <summary>The page's whole query: the report's, and the choice about partial weeks (so a PDF prints what the reader sees).</summary>
    public string Page => HidePartial ? string.Join('&', new[] { Report, "partial=hide" }.Where(p => p.Length > 0)) : Report;

    /// <summary>The report's query (brands, window, benchmark, thresholds) as a URL query string.</summary>
    public string Report => Links.Query(
        ("brands", Brands is null ? null : string.Join(',', Brands)),
        ("from", Parameters.From),
        ("to", Parameters.To),
        ("benchmark", Parameters.Benchmark),
        ("minEffort", Parameters.MinEffort?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("minUserPosts", Parameters.MinUserPosts?.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}

/// <summary>What the compare and brand pages draw, from one report of <see cref="ReportService"/>.</summary>
public sealed class ReportModel
{
    public required string Title { get; init; }

    public required ReportWindow Window { get; init; }

    public required string Benchmark { get; init; }

    public required int BenchmarkBrands { get; init; }

    public required string Spec { get; init; }

    public required SufficiencySettings Settings { get; init; }

    public required IReadOnlyList<ReportBrand> Brands { get; init; }

    public required IReadOnlyList<ReportRow> Rows { get; init; }

    public required IReadOnlyList<DistributionRow> Distribution { get; init; }

    public required BrandScoreTrend Trend { get; init; }

    public required ReportPageQuery Query { get; init; }

    /// <summary>Where the filters form sends the page's query back.</summary>
    public required string Action { get; init; }

    /// <summary>The same report as CSV, and as a PDF printed from this page.</summary>
    public required string CsvLink { get; init; }

    public required string PdfLink { get; init; }

    /// <summary>The networks of the report, in the order of its rows.</summary>
    public IReadOnlyList<string> Networks => Rows.Select(r => r.Network).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>No post, answer or user post of the report's brands in the window: there is nothing to chart.</summary>
    public bool IsEmpty => Rows.All(r => r.Measures.Effort == 0 && r.Measures.UserPosts == 0);

    public ReportBrand Brand(string id) => Brands.FirstOrDefault(b => b.Id == id) ?? new ReportBrand(id, id, Svg.Colour(Brands.Count));

    /// <summary>The rows of one network, in the order of the report's brands.</summary>
    public IReadOnlyList<ReportRow> On(string network) =>
        Rows.Where(r => r.Network == network).OrderBy(r => Index(r.Brand)).ToList();

    private int Index(string brand)
    {
        for (var i = 0; i < Brands.Count; i++)
        {
            if (Brands[i].Id == brand)
            {
                return i;
            }
        }

        return Brands.Count;
    }

    public static IReadOnlyList<ReportBrand> Coloured(IEnumerable<(string Id, string Name)> brands) =>
        brands.Select((b, i) => new ReportBrand(b.Id, b.Name, Svg.Colour(i))).ToList();
}
