using Engagement.Domain.Scoring;

namespace Engagement.Service.Reports;

/// <summary>What every report request carries: window bounds, benchmark set and sufficiency thresholds.</summary>
public sealed record ReportQuery(
    DateOnly? From = null,
    DateOnly? To = null,
    string Benchmark = "all",
    int MinEffort = 3,
    int MinUserPosts = 5)
{
    public ReportRequest ToRequest(string? subject) =>
        new(BenchmarkSetSpec.Parse(Benchmark), subject, From, To, new SufficiencySettings(MinEffort, MinUserPosts));
}
