using Engagement.Domain.Model;

namespace Engagement.Domain.Scoring;

public enum TrendGranularity
{
    Week,
    Month,
}

/// <summary>Cuts a window into ISO weeks or calendar months, cut at its ends (section 11).</summary>
public static class TrendBuckets
{
    public static IReadOnlyList<ReportWindow> Split(ReportWindow window, TrendGranularity granularity)
    {
        var buckets = new List<ReportWindow>();
        var start = window.From;
        while (start < window.To)
        {
            var next = granularity == TrendGranularity.Week
                ? start.AddDays(7 - ((((int)start.DayOfWeek) + 6) % 7)) // the next Monday
                : new DateOnly(start.Year, start.Month, 1).AddMonths(1);
            var end = next < window.To ? next : window.To;
            buckets.Add(new ReportWindow(start, end));
            start = end;
        }

        return buckets;
    }

    /// <summary>The granularity as documents and URLs spell it: week or month.</summary>
    public static string Name(TrendGranularity granularity) => granularity == TrendGranularity.Week ? "week" : "month";

    public static TrendGranularity ParseGranularity(string text) => text switch
    {
        "week" => TrendGranularity.Week,
        "month" => TrendGranularity.Month,
        _ => throw new DomainException($"unknown granularity '{text}': use week or month"),
    };
}
