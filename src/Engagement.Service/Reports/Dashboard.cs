using Engagement.Domain.Scoring;

namespace Engagement.Service.Reports;

/// <summary>What the dashboard asks for: a page of the workspace's brands in the ranking, optionally narrowed by a search.</summary>
public sealed record DashboardQuery
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;

    /// <summary>Part of a brand's name or id (case-insensitive); null or empty for every brand.</summary>
    public string? Search { get; init; }

    /// <summary>1-based page number.</summary>
    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>The report query: its workspace's brands are listed (those its brand restriction allows), ranked in its benchmark set.</summary>
    public ReportQuery Report { get; init; } = new();
}

/// <summary>A page of brands ranked by brand score over the window, with the window before it and the weekly trend.</summary>
public sealed record Dashboard(
    string Benchmark,
    ReportWindow Window,
    ReportWindow? Previous,
    int BenchmarkBrands,
    int Matching,
    int Page,
    int Pages,
    IReadOnlyList<ReportWindow> Weeks,
    IReadOnlyList<DashboardRow> Rows,
    IReadOnlyList<NetworkFreshness> Freshness)
{
    /// <summary>The networks whose data is stale: a banner names them.</summary>
    public IEnumerable<NetworkFreshness> Stale => Freshness.Where(f => f.Stale);
}

/// <summary>
/// One brand of the dashboard: score, grade and rank in the benchmark set, the change in points
/// against the previous window of the same length, its score per full week of the window, and per
/// network the three KPI scores.
/// </summary>
public sealed record DashboardRow(
    string Brand,
    string Name,
    double? Score,
    string? Grade,
    int? Rank,
    double? PreviousScore,
    IReadOnlyList<double?> Weekly,
    IReadOnlyList<AccountMeasures> Networks)
{
    /// <summary>Points gained (positive) or lost since the previous window; null when either score is missing.</summary>
    public double? Change => Score is { } now && PreviousScore is { } before ? Math.Round(now - before, 1) : null;
}

/// <summary>
/// How fresh a collected network's data is: the latest successful collection among its accounts,
/// stale when none succeeded within two collection intervals (or ever).
/// </summary>
public sealed record NetworkFreshness(string Network, int Accounts, DateTimeOffset? LastSuccessAt, bool Stale, string Reason);
