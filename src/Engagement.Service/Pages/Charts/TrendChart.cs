using System.Globalization;
using System.Text;
using static Engagement.Service.Pages.Html;

namespace Engagement.Service.Pages.Charts;

/// <summary>One brand's score per bucket; null where the brand has no score that week.</summary>
internal sealed record TrendSeries(string Brand, string Colour, IReadOnlyList<double?> Values);

/// <summary>Brand scores over time (0-100), a line per brand, broken where a bucket has no score.</summary>
internal static class TrendChart
{
    private const double Left = 36, Top = 12, PlotWidth = 640, PlotHeight = 170;

    public static string Render(IReadOnlyList<DateOnly> buckets, IReadOnlyList<TrendSeries> series)
    {
        var width = Left + PlotWidth + 20;
        var height = Top + PlotHeight + 34;
        var step = buckets.Count > 1 ? PlotWidth / (buckets.Count - 1) : 0;
        double X(int i) => Left + (buckets.Count > 1 ? i * step : PlotWidth / 2);
        static double Y(double score) => Top + PlotHeight - (Math.Clamp(score, 0, 100) / 100 * PlotHeight);

        var svg = new StringBuilder();
        svg.Append($"""<svg class="chart trend" role="img" viewBox="0 0 {C(width)} {C(height)}" width="{C(width)}" height="{C(height)}" xmlns="http://www.w3.org/2000/svg">""");
        svg.Append("<title>Brand score per week</title>");
        foreach (var tick in new[] { 0, 25, 50, 75, 100 })
        {
            svg.Append($"""<line class="{(tick == 0 ? "axis" : "grid")}" x1="{C(Left)}" x2="{C(Left + PlotWidth)}" y1="{C(Y(tick))}" y2="{C(Y(tick))}"/>""");
            svg.Append($"""<text class="tick" x="{C(Left - 6)}" y="{C(Y(tick) + 4)}" text-anchor="end">{tick}</text>""");
        }

        // About eight date labels at most, so they never overlap.
        var every = Math.Max(1, (int)Math.Ceiling(buckets.Count / 8.0));
        for (var i = 0; i < buckets.Count; i += every)
        {
            var label = buckets[i].ToString("MMM d", CultureInfo.InvariantCulture);
            svg.Append($"""<text class="label date-label" x="{C(X(i))}" y="{C(Top + PlotHeight + 18)}" text-anchor="middle">{E(label)}</text>""");
        }

        foreach (var line in series)
        {
            var path = new StringBuilder();
            var pen = 'M';
            for (var i = 0; i < line.Values.Count; i++)
            {
                if (line.Values[i] is { } value)
                {
                    path.Append(CultureInfo.InvariantCulture, $"{pen}{C(X(i))},{C(Y(value))} ");
                    pen = 'L';
                }
                else
                {
                    pen = 'M';
                }
            }

            svg.Append($"""<g class="series" data-brand="{E(line.Brand)}">""");
            svg.Append($"""<path class="trend-line" d="{path.ToString().TrimEnd()}" fill="none" stroke="{line.Colour}" stroke-width="2.5"/>""");
            for (var i = 0; i < line.Values.Count; i++)
            {
                if (line.Values[i] is { } value)
                {
                    svg.Append($"""<circle class="point" cx="{C(X(i))}" cy="{C(Y(value))}" r="3" fill="{line.Colour}"><title>{E(line.Brand)}, week of {Day(buckets[i])}: {Num(value)}</title></circle>""");
                }
            }

            svg.Append("</g>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }
}
