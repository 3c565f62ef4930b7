using System.Text;
using Engagement.Domain.Scoring;
using static Engagement.Service.Pages.Html;

namespace Engagement.Service.Pages.Charts;

/// <summary>A brand's KPI value placed in the benchmark distribution; null when insufficient.</summary>
internal sealed record Marker(string Brand, double? Value, string Colour);

/// <summary>
/// Where brands sit in the benchmark distribution of one network: per KPI a p10-p90 whisker,
/// a p25-p75 box with the median, and a marker per brand, each KPI on its own scale.
/// </summary>
internal static class DistributionChart
{
    private const double Left = 150, PlotWidth = 520, RowHeight = 46, Top = 8;

    public static string Render(string network, IReadOnlyList<(DistributionRow Row, string Label, string Format, IReadOnlyList<Marker> Markers)> rows)
    {
        var height = Top + (rows.Count * RowHeight) + 8;
        var width = Left + PlotWidth + 90;
        var svg = new StringBuilder();
        svg.Append($"""<svg class="chart distribution" data-network="{E(network)}" role="img" viewBox="0 0 {C(width)} {C(height)}" width="{C(width)}" height="{C(height)}" xmlns="http://www.w3.org/2000/svg">""");
        svg.Append($"<title>{E(network)}: position in the benchmark distribution (p10-p90)</title>");
        for (var i = 0; i < rows.Count; i++)
        {
            var (row, label, format, markers) = rows[i];
            var mid = Top + (i * RowHeight) + (RowHeight / 2);
            svg.Append($"""<g class="kpi-row" data-kpi="{E(row.Kpi)}">""");
            svg.Append($"""<text class="label" x="0" y="{C(mid + 4)}">{E(label)} (n={row.Count})</text>""");
            if (row is not { P10: { } p10, P25: { } p25, P50: { } p50, P75: { } p75, P90: { } p90 })
            {
                svg.Append($"""<text class="empty" x="{C(Left)}" y="{C(mid + 4)}">no scored population</text></g>""");
                continue;
            }

            var values = markers.Where(m => m.Value is not null).Select(m => m.Value!.Value).ToList();
            var lo = Math.Min(p10, values.Count > 0 ? values.Min() : p10);
            var hi = Math.Max(p90, values.Count > 0 ? values.Max() : p90);
            var pad = hi > lo ? (hi - lo) * 0.05 : Math.Max(Math.Abs(hi) * 0.1, 1);
            double X(double v) => Left + ((v - (lo - pad)) / (hi + pad - (lo - pad)) * PlotWidth);

            svg.Append($"""<line class="whisker" x1="{C(X(p10))}" x2="{C(X(p90))}" y1="{C(mid)}" y2="{C(mid)}" stroke="#777" stroke-width="2"/>""");
            foreach (var end in new[] { p10, p90 })
            {
                svg.Append($"""<line class="whisker-end" x1="{C(X(end))}" x2="{C(X(end))}" y1="{C(mid - 8)}" y2="{C(mid + 8)}" stroke="#777" stroke-width="2"/>""");
            }

            svg.Append($"""<rect class="box" x="{C(X(p25))}" y="{C(mid - 11)}" width="{C(Math.Max(1, X(p75) - X(p25)))}" height="22" fill="#dfe7ef" stroke="#4a5d70"/>""");
            svg.Append($"""<line class="median" x1="{C(X(p50))}" x2="{C(X(p50))}" y1="{C(mid - 11)}" y2="{C(mid + 11)}" stroke="#2f3e4e" stroke-width="2"/>""");
            svg.Append($"""<text class="quantile" x="{C(X(p10))}" y="{C(mid + 21)}" text-anchor="middle" font-size="10">{Num(p10, format)}</text>""");
            svg.Append($"""<text class="quantile" x="{C(X(p90))}" y="{C(mid + 21)}" text-anchor="middle" font-size="10">{Num(p90, format)}</text>""");
            foreach (var marker in markers)
            {
                if (marker.Value is { } value)
                {
                    svg.Append($"""<circle class="marker" data-brand="{E(marker.Brand)}" cx="{C(X(value))}" cy="{C(mid)}" r="6" fill="{marker.Colour}" stroke="#fff" stroke-width="1.5">""");
                    svg.Append($"<title>{E(marker.Brand)}: {Num(value, format)}</title></circle>");
                }
            }

            var insufficient = markers.Where(m => m.Value is null).Select(m => m.Brand).ToList();
            var note = insufficient.Count > 0 ? $"insufficient: {string.Join(", ", insufficient)}" : $"p50 {Num(p50, format)}";
            svg.Append($"""<text class="note" x="{C(Left + PlotWidth + 8)}" y="{C(mid + 4)}" font-size="10">{E(note)}</text></g>""");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }
}
