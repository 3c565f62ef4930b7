using Engagement.Domain.Model;

namespace Engagement.Domain.Scoring;

/// <summary>
/// The in-memory engine: benchmark documents, comparisons and trends over a <see cref="ScoringInput"/>
/// loaded whole (methodology.md §2-§11). The tests' oracle — the spec's vectors and the fast-path
/// equivalence check the service's <c>ReportService</c> against it; the product never runs it.
/// </summary>
public static class ScoringEngine
{
    public static BenchmarkDocument Benchmark(ScoringInput input, ReportRequest request)
    {
        var (set, activities) = Resolve(input, request);
        var window = ResolveWindow(request, activities);
        var result = Score(set, activities, window, request.Settings);
        return new BenchmarkDocument(BenchmarkDocument.SpecVersion, window, set.Label, result.Accounts, result.Brands, result.Distribution);
    }

    /// <summary>The benchmark document plus the share of conversation of the compared brands.</summary>
    public static BenchmarkDocument Compare(ScoringInput input, ReportRequest request, IReadOnlyCollection<string> brands)
    {
        if (brands.Count == 0)
        {
            throw new DomainException("a comparison needs at least one brand");
        }

        var (set, _) = Resolve(input, request);
        foreach (var brand in brands)
        {
            if (!input.Brands.ContainsKey(brand))
            {
                throw new NotFoundException($"unknown brand '{brand}'");
            }

            if (!set.Brands.Contains(brand))
            {
                throw new DomainException($"brand '{brand}' is not in the benchmark set {set.Label}");
            }
        }

        var document = Benchmark(input, request);
        var compared = brands.ToHashSet(StringComparer.Ordinal);
        return document with { Comparison = ShareOfConversationCalculator.Compute(document.Accounts, compared) };
    }

    public static TrendDocument Trend(ScoringInput input, ReportRequest request, TrendGranularity granularity)
    {
        var (set, activities) = Resolve(input, request);
        var window = ResolveWindow(request, activities);
        var buckets = TrendBuckets.Split(window, granularity)
            .Select(bucket =>
            {
                var result = Score(set, activities, bucket, request.Settings);
                return new TrendBucket(bucket.From, bucket.To, result.Accounts, result.Brands, result.Distribution);
            })
            .ToList();
                return new TrendDocument(BenchmarkDocument.SpecVersion, set.Label, TrendBuckets.Name(granularity), window, buckets);
    }

    /// <summary>Measures and scores the set's accounts over one window.</summary>
    public static BenchmarkResult Score(
        BenchmarkSet set,
        IReadOnlyList<AccountActivity> activities,
        ReportWindow window,
        SufficiencySettings? settings = null)
    {
        var thresholds = settings ?? SufficiencySettings.Default;
        var measures = activities.Select(a => AccountMeasurer.Measure(a, window, thresholds));
        return BenchmarkScorer.Score(measures, set.Brands);
    }

    /// <summary>The request's window with the defaults of methodology.md §2, from the activities' latest own post.</summary>
    public static ReportWindow ResolveWindow(ReportRequest request, IEnumerable<AccountActivity> activities) =>
        ReportWindow.Resolve(request.From, request.To, () => activities.Max(a => a.LatestOwnPost));

    private static (BenchmarkSet Set, List<AccountActivity> Activities) Resolve(ScoringInput input, ReportRequest request)
    {
        var set = BenchmarkSet.Resolve(request.Benchmark, request.Subject, input.Brands, input.PeerSet);
        var activities = input.Activity.Activities.Where(a => set.Brands.Contains(a.Account.Brand)).ToList();
        return (set, activities);
    }
}
