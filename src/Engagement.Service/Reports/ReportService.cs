using Engagement.Data;
using Engagement.Data.Store.Aggregates;
using Engagement.Domain.Model;
using Engagement.Domain.Scoring;

namespace Engagement.Service.Reports;

/// <summary>
/// The reports of the command line and the API, over a view of the store's current version:
/// the daily aggregates (<see cref="AggregateScoringViewSource"/>) or a scoring input loaded
/// whole (<see cref="InputScoringViewSource"/>). Windows, sets and documents follow
/// <see cref="ScoringEngine"/> (scoring.md sections 2-11); scoring goes through cached snapshots.
/// </summary>
/// <param name="snapshots">Where finished documents are kept per data version (none: always computed).</param>
public sealed class ReportService(IScoringViewSource source, ReportSnapshotStore? snapshots = null)
{
    private const int Attempts = 3;

    // A snapshot is only as good as the code that made it: another build computes its own.
    private static readonly string Build =
        $"{typeof(ReportService).Assembly.ManifestModule.ModuleVersionId:N}.{typeof(ScoringEngine).Assembly.ManifestModule.ModuleVersionId:N}";

    /// <summary>The dates and spans a report accepts (default: <see cref="WindowLimits.Default"/>).</summary>
    public WindowLimits Limits { get; init; } = WindowLimits.Default;

    /// <summary>Reports over a scoring input loaded whole (the in-memory engine).</summary>
    public ReportService(IScoringInputSource source)
        : this(new InputScoringViewSource(source))
    {
    }

    /// <summary>The whole benchmark document, in the reference JSON shape.</summary>
    public Task<BenchmarkDocument> BenchmarkAsync(ReportQuery query, CancellationToken ct) =>
        WithViewAsync(async view =>
        {
            var (set, window, snapshot) = await ScoreAsync(view, query.ToRequest(subject: null), ct);
            return Document(set, window, snapshot);
        }, ct);

    /// <summary>
    /// The benchmark document as the JSON <see cref="ReportJson"/> prints, from the store's snapshot
    /// for the current data version when there is one (no scoring at all), else computed and kept.
    /// </summary>
    public async Task<byte[]> BenchmarkJsonAsync(ReportQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var key = $"benchmark.json|{Build}|{query.Benchmark}|{query.From:yyyy-MM-dd}|{query.To:yyyy-MM-dd}|{query.MinEffort}|{query.MinUserPosts}";
        if (snapshots is not null && await snapshots.GetAsync(key, ct) is { } stored)
        {
            return stored;
        }

        return await WithViewAsync(async view =>
        {
            var (set, window, snapshot) = await ScoreAsync(view, query.ToRequest(subject: null), ct);
            var json = BenchmarkJson.Serialize(Document(set, window, snapshot));
            if (snapshots is not null && view.Version is { } version)
            {
                await snapshots.PutAsync(key, version, json, ct);
            }

            return json;
        }, ct);
    }

    /// <summary>Brands x networks against the benchmark set of the first brand, with share of conversation.</summary>
    public async Task<ComparisonReport> CompareAsync(IReadOnlyList<string> brands, ReportQuery query, CancellationToken ct)
    {
        if (brands.Count == 0)
        {
            throw new DomainException("a comparison needs at least one brand");
        }

        var distinct = brands.Distinct(StringComparer.Ordinal).ToList();
        return await WithViewAsync(async view =>
        {
            var request = query.ToRequest(brands[0]);
            var set = view.Resolve(request.Benchmark, request.Subject);
            foreach (var brand in distinct)
            {
                if (!view.Brands.ContainsKey(brand))
                {
                    throw new NotFoundException($"unknown brand '{brand}'");
                }

                if (!set.Brands.Contains(brand))
                {
                    throw new DomainException($"brand '{brand}' is not in the benchmark set {set.Label}");
                }
            }

            var (_, window, snapshot) = await ScoreAsync(view, request, ct);
            var compared = distinct.ToHashSet(StringComparer.Ordinal);
            var shares = ShareOfConversationCalculator.Compute(distinct.SelectMany(snapshot.AccountsOf), compared);
            var rows = shares
                .Select(share =>
                {
                    var measures = snapshot.AccountsOf(share.Brand).Single(a => a.Network == share.Network);
                    return new ReportRow(share.Brand, share.Network, measures.Handle, measures, snapshot.BrandScore(share.Brand),
                        snapshot.Populations[share.Network], share.ShareOfConversation);
                })
                .ToList();
            return new ComparisonReport(BenchmarkDocument.SpecVersion, window, set.Label, snapshot.Result.Brands.Count,
                distinct.Select(snapshot.BrandScore).ToList(), rows);
        }, ct);
    }

    /// <summary>One brand's score, grade and rank, and per network its KPIs and the benchmark distribution.</summary>
    public Task<BrandReport> BrandAsync(string brand, ReportQuery query, CancellationToken ct) =>
        WithViewAsync(async view =>
        {
            if (!view.Brands.TryGetValue(brand, out var subject))
            {
                throw new NotFoundException($"unknown brand '{brand}'");
            }

            var (set, window, snapshot) = await ScoreAsync(view, query.ToRequest(brand), ct);
            var score = snapshot.BrandScore(brand);
            var networks = snapshot.AccountsOf(brand)
                .Select(a => new BrandNetworkReport(a.Network, a.Handle, a, snapshot.Populations[a.Network], snapshot.Distribution(a.Network)))
                .ToList();
            return new BrandReport(
                BenchmarkDocument.SpecVersion, brand, subject.Name, subject.Industry, window, set.Label, snapshot.Result.Brands.Count,
                score.Score, score.Grade, score.Rank, snapshot.RankedBrands, networks);
        }, ct);

    /// <summary>The benchmark set of <paramref name="brand"/> scored per week or month; each bucket is its own window.</summary>
    public Task<TrendDocument> TrendAsync(string brand, TrendGranularity granularity, ReportQuery query, CancellationToken ct) =>
        WithViewAsync(async view =>
        {
            if (!view.Brands.ContainsKey(brand))
            {
                throw new NotFoundException($"unknown brand '{brand}'");
            }

            var request = query.ToRequest(brand);
            var set = view.Resolve(request.Benchmark, request.Subject);
            var window = ResolveWindow(view, set, request, trend: true);
            await view.PrepareAsync(window, ct);
            var buckets = new List<TrendBucket>();
            foreach (var bucket in TrendBuckets.Split(window, granularity))
            {
                var result = (await view.ScoreAsync(set, bucket, Settings(request), ct)).Result;
                buckets.Add(new TrendBucket(bucket.From, bucket.To, result.Accounts, result.Brands, result.Distribution));
            }

            var name = granularity == TrendGranularity.Week ? "week" : "month";
            return new TrendDocument(BenchmarkDocument.SpecVersion, set.Label, name, window, buckets);
        }, ct);

    private async Task<(BenchmarkSet Set, ReportWindow Window, ScoredSnapshot Snapshot)> ScoreAsync(
        IScoringView view, ReportRequest request, CancellationToken ct)
    {
        var set = view.Resolve(request.Benchmark, request.Subject);
        var window = ResolveWindow(view, set, request, trend: false);
        using var activity = EngagementTelemetry.Source.StartActivity("score");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var snapshot = await view.ScoreAsync(set, window, Settings(request), ct);
        EngagementTelemetry.ScoringDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        return (set, window, snapshot);
    }

    private static BenchmarkDocument Document(BenchmarkSet set, ReportWindow window, ScoredSnapshot snapshot) =>
        new(BenchmarkDocument.SpecVersion, window, set.Label, snapshot.Result.Accounts, snapshot.Result.Brands, snapshot.Result.Distribution);

    private static SufficiencySettings Settings(ReportRequest request) => request.Settings ?? SufficiencySettings.Default;

    // As ScoringEngine.ResolveWindow (section 2): no `to` is the day after the latest post of the set's accounts;
    // within the limits, so that no request and no stored instant can make a window the service cannot hold.
    private ReportWindow ResolveWindow(IScoringView view, BenchmarkSet set, ReportRequest request, bool trend) =>
        Limits.Resolve(request.From, request.To, request.To is null ? view.LatestOwnPost(set) : null, trend);

    private async Task<T> WithViewAsync<T>(Func<IScoringView, Task<T>> report, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await report(await source.GetAsync(ct));
            }
            catch (StaleViewException) when (attempt < Attempts)
            {
                // The store moved on between the view and its days: the next view is newer.
            }
        }
    }
}
