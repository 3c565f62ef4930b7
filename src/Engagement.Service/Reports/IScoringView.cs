using Engagement.Domain.Model;
using Engagement.Domain.Scoring;

namespace Engagement.Service.Reports;

/// <summary>
/// The data of one version of the store, as reports score it: brands and peer sets, the latest
/// post of a set's accounts (for the default window), and scored snapshots per benchmark set,
/// window and thresholds. One view never changes; a newer store version is a new view.
/// </summary>
public interface IScoringView
{
    /// <summary>The store's data version this view shows; null when it has none (an input loaded whole).</summary>
    long? Version { get; }

    IReadOnlyDictionary<string, Brand> Brands { get; }

    /// <summary>The brands a workspace tracks and its peer sets (<see cref="WorkspaceScope.Empty"/> for an unknown one).</summary>
    WorkspaceScope Workspace(string name);

    /// <summary>
    /// The set of methodology.md §7 for a request (resolved once per view and key); <c>peers:NAME</c>
    /// is a peer set of <paramref name="workspace"/>.
    /// </summary>
    BenchmarkSet Resolve(BenchmarkSetSpec spec, string? subject, string workspace);

    /// <summary>The latest creation instant of a post authored by an account of the set; null when none.</summary>
    long? LatestOwnPost(BenchmarkSet set);

    /// <summary>Reads what windows inside <paramref name="span"/> need at once (a trend's buckets); optional.</summary>
    Task PrepareAsync(ReportWindow span, CancellationToken ct);

    /// <summary>The set's accounts measured and scored over the window.</summary>
    Task<ScoredSnapshot> ScoreAsync(BenchmarkSet set, ReportWindow window, SufficiencySettings settings, CancellationToken ct);

    /// <summary>The same scoring keeping only the brand scores (a page's trend bucket): the scored accounts are not kept.</summary>
    Task<BrandScores> BrandScoresAsync(BenchmarkSet set, ReportWindow window, SufficiencySettings settings, CancellationToken ct);
}

/// <summary>Where <see cref="ReportService"/> gets the view of the current store version from.</summary>
public interface IScoringViewSource
{
    Task<IScoringView> GetAsync(CancellationToken ct);
}

/// <summary>The view changed under a report (the store moved on while it read): get a new view and retry.</summary>
public sealed class StaleViewException() : Exception("the store changed while the report was read");
