using System.Globalization;
using Engagement.Domain.Scoring;
using Engagement.Service.Reports;
using static Engagement.Service.Pages.Html;

namespace Engagement.Service.Pages;

/// <summary>One brand's page: score and grade, channel and KPI scores per network, its place in the distribution, its trend.</summary>
internal static class BrandPage
{
    public static string Render(BrandReport report, BrandScoreTrend trend, PageFilters filters)
    {
        var rows = ReportCsv.Rows(report).ToList();
        IReadOnlyList<string> brands = [report.Brand];
        var rank = report.Rank is { } r ? $"rank {r.ToString(CultureInfo.InvariantCulture)} of {report.RankedBrands}" : "unranked";
        var body = $"""
            <h1>{E(report.Name)} <small class="meta">{E(report.Brand)}{(report.Industry is null ? "" : $" · {E(report.Industry)}")}</small></h1>
            <p class="meta">Window {Day(report.Window.From)} to {Day(report.Window.To)} (exclusive) · benchmark <b>{E(report.Benchmark)}</b> ({report.BenchmarkBrands} brands) · {E(report.Spec)}</p>
            {filters.Form($"/reports/brands/{Uri.EscapeDataString(report.Brand)}.html", brands: null)}
            <p class="headline">Brand score <b class="score">{Num(report.Score)}</b> · grade <b>{E(report.Grade ?? "–")}</b> · {rank}</p>
            {ReportSections.ChannelScores(rows, brands)}
            {ReportSections.KpiScores(rows, brands, groupByNetwork: true)}
            {ReportSections.Distribution(report.Networks.SelectMany(n => n.Distribution).ToList(), rows, brands)}
            {ReportSections.Trend(trend, brands)}
            <section id="details"><h2>Every KPI</h2>{ReportSections.KpiTable(rows, showShare: false)}</section>
            """;
        return body;
    }
}
