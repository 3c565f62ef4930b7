using Engagement.Domain.Scoring;
using Engagement.Service.Api;
using Engagement.Service.Reports;
using static Engagement.Service.Pages.Html;

namespace Engagement.Service.Pages;

/// <summary>The comparison page: brands x networks, the KPIs, the distribution of the first brand's benchmark set, the trend.</summary>
internal static class ComparePage
{
    /// <summary>The page's address; <c>/compare.pdf</c> prints it.</summary>
    public const string Path = "/reports/compare.html";

    /// <summary>The brands of the page's query (<c>brands=a,b</c>, repeated or comma-separated), in order, each once.</summary>
    public static IReadOnlyList<string> Brands(string[]? brands)
    {
        var list = (brands ?? []).SelectMany(b => b.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToList();
        return list.Count > 0 ? list : throw new ApiParameterException("brands", "choose the brands to compare: ?brands=a,b,c");
    }

    /// <summary>
    /// The page for these brands and this query (<paramref name="parameters"/> parsed and scoped to
    /// a workspace): the one rendering the browser, the PDF route and scheduled reports share.
    /// </summary>
    public static async Task<string> RenderAsync(IReadOnlyList<string> brands, ReportParameters parameters, ReportQuery query, ReportService reports, CancellationToken ct)
    {
        var compared = await reports.CompareWithDistributionAsync(brands, query, ct);
        var trend = await reports.BrandScoreTrendAsync(brands[0], TrendGranularity.Week, query, ct);
        return Render(compared.Report, compared.Distribution, trend, PageFilters.Of(parameters));
    }

    public static string Render(ComparisonReport report, IReadOnlyList<DistributionRow> distribution, BrandScoreTrend trend, PageFilters filters)
    {
        var brands = report.Brands.Select(b => b.Brand).ToList();
        var title = $"{string.Join(" vs ", brands)}";
        var body = $"""
            <h1>{E(title)}</h1>
            <p class="meta">Window {Day(report.Window.From)} to {Day(report.Window.To)} (exclusive) · benchmark <b>{E(report.Benchmark)}</b> ({report.BenchmarkBrands} brands) · {E(report.Spec)}</p>
            {filters.Form(Path, string.Join(',', brands))}
            <section id="scores"><h2>Brand scores</h2>{ScoreTable(report.Brands)}</section>
            {ReportSections.ChannelScores(report.Rows, brands)}
            {ReportSections.KpiScores(report.Rows, brands, groupByNetwork: false)}
            {ReportSections.Distribution(distribution, report.Rows, brands)}
            {ReportSections.Trend(trend, brands)}
            <section id="details"><h2>Every KPI</h2>{ReportSections.KpiTable(report.Rows, showShare: true)}</section>
            """;
        return HtmlLayout.Page(title, body);
    }

    private static string ScoreTable(IReadOnlyList<BrandScore> brands) =>
        """<table class="scores"><thead><tr><th>brand</th><th>score</th><th>grade</th><th>rank</th></tr></thead><tbody>"""
        + string.Concat(brands.Select(b =>
            $"""<tr><td><a href="/reports/brands/{Uri.EscapeDataString(b.Brand)}.html">{E(b.Brand)}</a></td><td>{Num(b.Score)}</td><td>{E(b.Grade ?? "–")}</td><td>{(b.Rank?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unranked")}</td></tr>"""))
        + "</tbody></table>";
}
