using System.Text.Json.Serialization;

namespace Engagement.Domain.Scoring;

/// <summary>
/// The benchmark document (methodology.md §12): the shape and field order of the reference
/// output, so that it can be diffed against the spec's expected*.json files.
/// </summary>
public sealed record BenchmarkDocument(
    string Spec,
    ReportWindow Window,
    string Benchmark,
    IReadOnlyList<AccountMeasures> Accounts,
    IReadOnlyList<BrandScore> Brands,
    IReadOnlyList<DistributionRow> Distribution)
{
    public const string SpecVersion = "scoring-v1";

    /// <summary>Share of conversation (section 10), present only in a comparison.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ConversationShare>? Comparison { get; init; }
}

/// <summary>A trend (section 11): each bucket is exactly the report of its own window.</summary>
public sealed record TrendDocument(
    string Spec,
    string Benchmark,
    string Granularity,
    ReportWindow Window,
    IReadOnlyList<TrendBucket> Buckets)
{
    /// <summary>The store's data version the trend was computed from (the API sets it; the reference shape has none).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? DataVersion { get; init; }
}

public sealed record TrendBucket(
    DateOnly From,
    DateOnly To,
    IReadOnlyList<AccountMeasures> Accounts,
    IReadOnlyList<BrandScore> Brands,
    IReadOnlyList<DistributionRow> Distribution);
