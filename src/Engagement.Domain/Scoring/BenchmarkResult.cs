namespace Engagement.Domain.Scoring;

/// <summary>A brand's effort-weighted score, grade and rank in its benchmark set (section 8).</summary>
public sealed record BrandScore(string Brand, double? Score, string? Grade, int? Rank);

/// <summary>The p10-p90 distribution of one KPI's population on one network (section 9).</summary>
public sealed record DistributionRow(string Network, string Kpi, int Count, double? P10, double? P25, double? P50, double? P75, double? P90);

/// <summary>Accounts with their scores, brand scores and the distribution of one benchmark set over one window.</summary>
public sealed record BenchmarkResult(
    IReadOnlyList<AccountMeasures> Accounts,
    IReadOnlyList<BrandScore> Brands,
    IReadOnlyList<DistributionRow> Distribution);
