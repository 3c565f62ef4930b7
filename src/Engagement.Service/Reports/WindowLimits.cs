using Engagement.Domain.Model;
using Engagement.Domain.Scoring;
using Engagement.Service.Api;

namespace Engagement.Service.Reports;

/// <summary>The longest windows a report may ask for (section <c>Reports</c>).</summary>
public sealed class WindowOptions
{
    public const string Section = "Reports";

    /// <summary>The longest window of a brand report, a comparison or the benchmark document, in days. Default 400.</summary>
    public int MaxWindowDays { get; set; } = WindowLimits.DefaultReportDays;

    /// <summary>The longest window of a trend, in days. Default 731 (two years).</summary>
    public int MaxTrendDays { get; set; } = WindowLimits.DefaultTrendDays;
}

/// <summary>
/// Which windows a report accepts: dates within the field rules' range and spans within the
/// configured maximum. Scoring works per day of the window, so the span, not the data, sets
/// its cost: a caller asking for centuries would otherwise take the service with it.
/// </summary>
public sealed record WindowLimits(FieldRules Fields, int MaxReportDays = WindowLimits.DefaultReportDays, int MaxTrendDays = WindowLimits.DefaultTrendDays)
{
    public const int DefaultReportDays = 400;
    public const int DefaultTrendDays = 731;

    public static WindowLimits Default { get; } = new(FieldRules.Default);

    /// <summary>
    /// The window of a request: a missing <c>to</c> is the day after <paramref name="latestPost"/>
    /// (never past the accepted range), a missing <c>from</c> 30 days before <c>to</c>.
    /// </summary>
    public ReportWindow Resolve(DateOnly? from, DateOnly? to, long? latestPost, bool trend)
    {
        var first = Fields.EarliestDay;
        var last = Fields.LatestDay.AddDays(1);
        Check(from, "from", first, last);
        Check(to, "to", first, last);
        var end = to ?? (latestPost is { } latest
            ? (latest >= Fields.LatestMicros ? Fields.LatestDay : UtcMicros.DayOf(Math.Max(latest, Fields.EarliestMicros))).AddDays(1)
            : throw new DomainException("the report's accounts have no post to default the window to: give from and to"));
        var start = from ?? end.AddDays(-Math.Min(ReportWindow.DefaultDays, end.DayNumber - first.DayNumber));
        if (start >= end)
        {
            throw new ApiParameterException(from is null ? "to" : "from",
                $"from ({start:yyyy-MM-dd}) must be before to ({end:yyyy-MM-dd}): the window is [from, to)");
        }

        var max = trend ? MaxTrendDays : MaxReportDays;
        var days = end.DayNumber - start.DayNumber;
        if (days > max)
        {
            throw new ApiParameterException(from is null ? "to" : "from",
                $"the window {start:yyyy-MM-dd} to {end:yyyy-MM-dd} is {days} days; at most {max} days are allowed "
                + $"(Reports:{(trend ? "MaxTrendDays" : "MaxWindowDays")})");
        }

        return new ReportWindow(start, end);
    }

    private static void Check(DateOnly? day, string parameter, DateOnly first, DateOnly last)
    {
        if (day is { } given && (given < first || given > last))
        {
            throw new ApiParameterException(parameter,
                $"{parameter} ({given:yyyy-MM-dd}) is out of range: dates must lie between {first:yyyy-MM-dd} and {last:yyyy-MM-dd}");
        }
    }
}
