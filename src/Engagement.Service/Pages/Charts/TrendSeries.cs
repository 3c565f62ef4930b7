using Engagement.Domain.Scoring;

namespace Engagement.Service.Pages.Charts;

/// <summary>One brand's score per bucket; null where the brand has no score in that bucket.</summary>
public sealed record TrendSeries(string Label, string Colour, IReadOnlyList<double?> Values)
{
    public string? Brand { get; init; }
}

/// <summary>A trend's bucket as the chart draws it: its window, and whether the report's window cut it short.</summary>
public sealed record TrendPoint(ReportWindow Window, bool Partial)
{
    public int Days => Window.To.DayNumber - Window.From.DayNumber;

    /// <summary>
    /// The buckets of a trend, each marked partial when it has fewer days than a whole week or
    /// month (methodology §11: a bucket cut at the window's ends stays short, and its score
    /// compares less activity than its neighbours').
    /// </summary>
    public static IReadOnlyList<TrendPoint> Of(IReadOnlyList<ReportWindow> buckets, string granularity)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        return buckets.Select(b => new TrendPoint(b, (b.To.DayNumber - b.From.DayNumber) < Whole(b.From, granularity))).ToList();
    }

    private static int Whole(DateOnly from, string granularity) =>
        string.Equals(granularity, "month", StringComparison.Ordinal) ? DateTime.DaysInMonth(from.Year, from.Month) : 7;
}
