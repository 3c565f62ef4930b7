using Engagement.Domain.Scoring;

namespace Engagement.Service.Reports;

/// <summary>
/// What every report request carries, already parsed at the edge (the API's parameters, the
/// command line's options): window bounds, benchmark set and sufficiency thresholds.
/// </summary>
public sealed record ReportQuery
{
    /// <summary>First UTC day included; null for <see cref="ReportWindow.DefaultDays"/> before <see cref="To"/>.</summary>
    public DateOnly? From { get; init; }

    /// <summary>First UTC day excluded; null for the day after the latest post of the set's accounts.</summary>
    public DateOnly? To { get; init; }

    public BenchmarkSetSpec Benchmark { get; init; } = BenchmarkSetSpec.All;

    public SufficiencySettings Settings { get; init; } = SufficiencySettings.Default;

    /// <summary>
    /// The caller's workspace: its brands are the ones a report may be about, and <c>peers:NAME</c>
    /// is one of its peer sets (<c>all</c> and <c>industry</c> span the whole store).
    /// </summary>
    public string Workspace { get; init; } = Data.Store.Repositories.WorkspaceRepository.Default;

    /// <summary>The brands a brand-restricted key may report on; null when the workspace's brands are all allowed.</summary>
    public IReadOnlySet<string>? Brands { get; init; }
}
