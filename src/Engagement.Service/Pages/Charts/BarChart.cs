using System.Text;
using static Engagement.Service.Pages.Html;

namespace Engagement.Service.Pages.Charts;

/// <summary>One bar: a score 0-100 (null: not scored, drawn flat and labelled n/a).</summary>
internal sealed record Bar(string Series, double? Value, string Colour, string Brand, string Network, string? Kpi = null);

/// <summary>Bars side by side under one label (a network, or a brand).</summary>
internal sealed record BarGroup(string Label, IReadOnlyList<Bar> Bars);

/// <summary>Grouped vertical bars on a 0-100 scale, as inline SVG.</summary>
internal static class BarChart
{
    private const double Top = 16, PlotHeight = 170, Left = 36, BarWidth = 22, BarGap = 3, GroupGap = 28, MinGroupWidth = 64;

    public static string Render(string cssClass, string title, IReadOnlyList<BarGroup> groups)
    {
        // A group is as wide as its bars or its label, whichever is wider (about 7 px per character at 12 px).
        var groupWidths = groups.Select(g => Math.Max(Math.Max(MinGroupWidth, g.Bars.Count * (BarWidth + BarGap)), (g.Label.Length * 7) - GroupGap + 12)).ToList();
        var width = Math.Max(360, Left + groupWidths.Sum() + (groups.Count * GroupGap) + 10);
        var height = Top + PlotHeight + 40;
        var svg = new StringBuilder();
        svg.Append($"""<svg class="chart {cssClass}" role="img" viewBox="0 0 {C(width)} {C(height)}" width="{C(width)}" height="{C(height)}" xmlns="http://www.w3.org/2000/svg">""");
        svg.Append($"<title>{E(title)}</title>");
        foreach (var tick in new[] { 0, 25, 50, 75, 100 })
        {
            var y = Y(tick);
            svg.Append($"""<line class="{(tick == 0 ? "axis" : "grid")}" x1="{C(Left)}" x2="{C(width - 4)}" y1="{C(y)}" y2="{C(y)}"/>""");
            svg.Append($"""<text class="tick" x="{C(Left - 6)}" y="{C(y + 4)}" text-anchor="end">{tick}</text>""");
        }

        var x = Left + (GroupGap / 2);
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            svg.Append($"""<g class="group" data-label="{E(group.Label)}">""");
            // Bars centred in their group, which is at least wide enough for its label.
            var barX = x + ((groupWidths[g] - (group.Bars.Count * (BarWidth + BarGap))) / 2);
            foreach (var bar in group.Bars)
            {
                var value = Math.Clamp(bar.Value ?? 0, 0, 100);
                var y = Y(value);
                var kpi = bar.Kpi is null ? "" : $""" data-kpi="{E(bar.Kpi)}" """;
                svg.Append($"""<rect class="bar{(bar.Value is null ? " missing" : "")}" data-brand="{E(bar.Brand)}" data-network="{E(bar.Network)}"{kpi} """
                    + $"""x="{C(barX)}" y="{C(y)}" width="{C(BarWidth)}" height="{C(Y(0) - y)}" fill="{bar.Colour}">""");
                svg.Append($"<title>{E(bar.Series)} on {E(bar.Network)}: {(bar.Value is null ? "not scored" : Num(bar.Value))}</title></rect>");
                svg.Append($"""<text class="value" x="{C(barX + (BarWidth / 2))}" y="{C(y - 3)}" text-anchor="middle" font-size="10">{(bar.Value is null ? "n/a" : Num(bar.Value, "0"))}</text>""");
                barX += BarWidth + BarGap;
            }

            svg.Append($"""<text class="label group-label" x="{C(x + (groupWidths[g] / 2))}" y="{C(Top + PlotHeight + 18)}" text-anchor="middle">{E(group.Label)}</text>""");
            svg.Append("</g>");
            x += groupWidths[g] + GroupGap;
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>A legend as HTML (it wraps and prints better than SVG text).</summary>
    public static string Legend(IEnumerable<(string Label, string Colour)> entries) =>
        $"""<div class="legend">{string.Concat(entries.Select(e => $"""<span class="legend-label"><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10" fill="{e.Colour}"/></svg>{E(e.Label)}</span>"""))}</div>""";

    private static double Y(double score) => Top + PlotHeight - (score / 100 * PlotHeight);
}
