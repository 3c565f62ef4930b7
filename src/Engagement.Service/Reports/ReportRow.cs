using System.Text.Json.Serialization;
using Engagement.Domain.Scoring;

namespace Engagement.Service.Reports;

/// <summary>
/// One brand on one network in a comparative report: every KPI with its sufficiency flag and
/// score, the brand's score, grade and rank, the population sizes the scores were taken in,
/// and the share of conversation among the compared brands. The CSV form has one such row per
/// brand x network (columns in docs/report-csv.md).
/// </summary>
public sealed record ReportRow(
    string Brand,
    string Network,
    string Handle,
    AccountMeasures Measures,
    BrandScore BrandScore,
    Populations Populations,
    double? ShareOfConversation);

/// <summary>How many sufficient values each KPI's population holds on the row's network.</summary>
public sealed record Populations(int Impact, int Engagement, int Responsiveness)
{
    /// <summary>The population sizes per network, read off a benchmark distribution (one row per network and KPI).</summary>
    public static Dictionary<string, Populations> ByNetwork(IEnumerable<DistributionRow> distribution) =>
        distribution
            .GroupBy(row => row.Network, StringComparer.Ordinal)
            .ToDictionary(
                rows => rows.Key,
                rows => new Populations(Count(rows, Kpi.Impact), Count(rows, Kpi.Engagement), Count(rows, Kpi.Responsiveness)),
                StringComparer.Ordinal);

    private static int Count(IEnumerable<DistributionRow> rows, Kpi kpi) => rows.Single(row => row.Kpi == KpiNames.Name(kpi)).Count;
}

/// <summary>A comparison of brands x networks against one benchmark set.</summary>
public sealed record ComparisonReport(
    string Spec,
    ReportWindow Window,
    string Benchmark,
    int BenchmarkBrands,
    IReadOnlyList<BrandScore> Brands,
    IReadOnlyList<ReportRow> Rows)
{
    /// <summary>The store's data version the report was computed from (the API sets it; the command line has none).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? DataVersion { get; init; }
}

/// <summary>One brand's report: its score, grade and rank, and per network every KPI and the benchmark distribution.</summary>
public sealed record BrandReport(
    string Spec,
    string Brand,
    string Name,
    string? Industry,
    ReportWindow Window,
    string Benchmark,
    int BenchmarkBrands,
    double? Score,
    string? Grade,
    int? Rank,
    int RankedBrands,
    IReadOnlyList<BrandNetworkReport> Networks)
{
    /// <summary>The store's data version the report was computed from (the API sets it; the command line has none).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? DataVersion { get; init; }
}

public sealed record BrandNetworkReport(
    string Network,
    string Handle,
    AccountMeasures Measures,
    Populations Populations,
    IReadOnlyList<DistributionRow> Distribution);
