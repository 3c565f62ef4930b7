using System.Text;
using Engagement.Domain.Scoring;
using Engagement.Service.Pages.Charts;
using Engagement.Service.Reports;
using static Engagement.Service.Pages.Html;

namespace Engagement.Service.Pages;

/// <summary>The sections the compare and brand pages share: charts and tables built from report rows.</summary>
internal static class ReportSections
{
    /// <summary>Channel score per brand per network: a group per network, a bar per brand.</summary>
    public static string ChannelScores(IReadOnlyList<ReportRow> rows, IReadOnlyList<string> brands)
    {
        var groups = rows.GroupBy(r => r.Network, StringComparer.Ordinal)
            .Select(network => new BarGroup(network.Key, network
                .OrderBy(r => Index(brands, r.Brand))
                .Select(r => new Bar(r.Brand, r.Measures.Scores.Channel, Colour(Index(brands, r.Brand)), r.Brand, r.Network))
                .ToList()))
            .ToList();
        return Section("channel", "Channel scores by network", BarChart.Legend(brands.Select((b, i) => (b, Colour(i))))
            + BarChart.Render("channel-scores", "Channel score per brand per network (0-100)", groups));
    }

    /// <summary>The three KPI scores side by side: one chart per network, a group of three bars per brand.</summary>
    public static string KpiScores(IReadOnlyList<ReportRow> rows, IReadOnlyList<string> brands, bool groupByNetwork)
    {
        var legend = BarChart.Legend(Kpis.Select(k => (k.Label, k.Colour)));
        if (groupByNetwork)
        {
            return Section("kpis", "KPI scores", legend + BarChart.Render("kpi-scores", "Impact, engagement and responsiveness scores per network", rows.Select(KpiGroup(r => r.Network)).ToList()));
        }

        var charts = rows.GroupBy(r => r.Network, StringComparer.Ordinal).Select(network =>
            $"<h3>{E(network.Key)}</h3>" + BarChart.Render("kpi-scores", $"KPI scores on {network.Key}",
                network.OrderBy(r => Index(brands, r.Brand)).Select(KpiGroup(r => r.Brand)).ToList()));
        return Section("kpis", "KPI scores", legend + $"""<div class="panels">{string.Concat(charts.Select(c => $"<div>{c}</div>"))}</div>""");
    }

    /// <summary>Per network of the report, where each brand's KPI values sit in the benchmark distribution.</summary>
    public static string Distribution(IReadOnlyList<DistributionRow> distribution, IReadOnlyList<ReportRow> rows, IReadOnlyList<string> brands)
    {
        var panels = new StringBuilder();
        foreach (var network in rows.Select(r => r.Network).Distinct(StringComparer.Ordinal))
        {
            var onNetwork = rows.Where(r => r.Network == network).OrderBy(r => Index(brands, r.Brand)).ToList();
            var kpiRows = Kpis
                .Select(k => (Kpi: k, Row: distribution.FirstOrDefault(d => d.Network == network && d.Kpi == KpiNames.Name(k.Kpi))))
                .Where(d => d.Row is not null)
                .Select(d => (d.Row!, d.Kpi.Label, d.Kpi.Format,
                    (IReadOnlyList<Marker>)onNetwork.Select(r => new Marker(r.Brand, r.Measures.SufficientValue(d.Kpi.Kpi), Colour(Index(brands, r.Brand)))).ToList()))
                .ToList();
            panels.Append($"<div><h3>{E(network)}</h3>{DistributionChart.Render(network, kpiRows)}</div>");
        }

        return Section("distribution", "Position in the benchmark distribution (box p25-p75, whiskers p10-p90, line p50)",
            BarChart.Legend(brands.Select((b, i) => (b, Colour(i)))) + panels);
    }

    /// <summary>Weekly brand score of each brand.</summary>
    public static string Trend(TrendDocument trend, IReadOnlyList<string> brands)
    {
        var series = brands.Select((brand, i) => new TrendSeries(
            brand,
            Colour(i),
            trend.Buckets.Select(b => b.Brands.FirstOrDefault(s => s.Brand == brand)?.Score).ToList())).ToList();
        return Section("trend", $"Brand score per {trend.Granularity}", BarChart.Legend(brands.Select((b, i) => (b, Colour(i))))
            + TrendChart.Render(trend.Buckets.Select(b => b.From).ToList(), series));
    }

    /// <summary>Every KPI of every row, with its score, in a table (values in brackets are insufficient).</summary>
    public static string KpiTable(IReadOnlyList<ReportRow> rows, bool showShare)
    {
        var html = new StringBuilder("""<table class="kpi-table"><thead><tr><th>brand</th><th class="text">network</th><th class="text">handle</th><th>posts</th><th>answers</th><th>user posts</th>""");
        html.Append("<th>impact</th><th>engagement</th><th>responsiveness</th><th>channel</th>");
        html.Append(showShare ? "<th>share of conv.</th></tr></thead><tbody>" : "</tr></thead><tbody>");
        foreach (var row in rows)
        {
            var m = row.Measures;
            html.Append($"""<tr><td>{E(row.Brand)}</td><td class="text">{E(row.Network)}</td><td class="text">{E(row.Handle)}</td>""");
            html.Append($"<td>{m.Posts}</td><td>{m.Answers}</td><td>{m.UserPosts}</td>");
            html.Append($"<td>{Kpi(m.Impact, m.Sufficient.Impact, m.Scores.Impact, "0")}</td>");
            html.Append($"<td>{Kpi(m.Engagement, m.Sufficient.Engagement, m.Scores.Engagement, "0.0")}</td>");
            html.Append($"<td>{Kpi(m.Responsiveness, m.Sufficient.Responsiveness, m.Scores.Responsiveness, "0%")}</td>");
            html.Append($"<td>{Num(m.Scores.Channel)}</td>");
            html.Append(showShare ? $"<td>{Num(row.ShareOfConversation, "0%")}</td></tr>" : "</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    public static int Index(IReadOnlyList<string> brands, string brand)
    {
        for (var i = 0; i < brands.Count; i++)
        {
            if (brands[i] == brand)
            {
                return i;
            }
        }

        return brands.Count;
    }

    private static Func<ReportRow, BarGroup> KpiGroup(Func<ReportRow, string> label) => row => new BarGroup(
        label(row),
        Kpis.Select(k => new Bar(k.Label, row.Measures.Scores.Of(k.Kpi), k.Colour, row.Brand, row.Network, KpiNames.Name(k.Kpi))).ToList());

    private static string Kpi(double? value, bool sufficient, double? score, string format) => value switch
    {
        null => "–",
        { } v when !sufficient => $"[{Num(v, format)}]",
        { } v => $"{Num(v, format)} <small>({Num(score, "0")})</small>",
    };

    private static string Section(string id, string title, string content) => $"""<section id="{id}"><h2>{E(title)}</h2>{content}</section>""";
}
