using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Engagement.Data;

/// <summary>
/// The service's own metrics and traces (meter and activity source "Engagement"): imports,
/// collector runs, 429s and scoring time. They cost nothing until a listener subscribes, which
/// only happens when Telemetry:Enabled turns OpenTelemetry on.
/// </summary>
public static class EngagementTelemetry
{
    public const string Name = "Engagement";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Rows read by imports, by file kind and outcome (stored, updated, unchanged, rejected).</summary>
    public static readonly Counter<long> ImportRows = Meter.CreateCounter<long>("engagement.import.rows", "{row}", "Rows read by imports, by file and outcome");

    /// <summary>How long imports take.</summary>
    public static readonly Histogram<double> ImportDuration = Meter.CreateHistogram<double>("engagement.import.duration", "s", "Duration of an import");

    /// <summary>Collector runs of one account, by network and outcome.</summary>
    public static readonly Counter<long> CollectorRuns = Meter.CreateCounter<long>("engagement.collector.runs", "{run}", "Collector runs of one account, by network and outcome");

    /// <summary>Requests to the networks, and the answers that were 429 (rate limited), by network.</summary>
    public static readonly Counter<long> CollectorRequests = Meter.CreateCounter<long>("engagement.collector.requests", "{request}", "Requests the collectors sent, by network");

    public static readonly Counter<long> CollectorRateLimited = Meter.CreateCounter<long>("engagement.collector.rate_limited", "{response}", "429 answers the collectors got, by network");

    /// <summary>How long scoring a window takes (the report's benchmark set, all its accounts).</summary>
    public static readonly Histogram<double> ScoringDuration = Meter.CreateHistogram<double>("engagement.scoring.duration", "s", "Duration of scoring one window");
}
