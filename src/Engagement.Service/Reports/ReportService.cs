using Engagement.Data;
using Engagement.Data.Store.Aggregates;
using Engagement.Domain.Model;
using Engagement.Domain.Scoring;
using Engagement.Service.Api;
using Engagement.Service.Hosting;

namespace Engagement.Service.Reports;

/// <summary>
/// Every report the service makes — API, pages and command line — over a view of the store's
/// current version (the daily aggregates, <see cref="AggregateScoringViewSource"/>). Window defaults,
/// set resolution, the checks of a comparison and the trend's buckets live here only
/// (methodology.md §2-§11); scoring goes through the view's cached snapshots.
/// </summary>
/// <param name="snapshots">Where finished documents are kept per data version (none: always computed).</param>
public sealed class ReportService(IScoringViewSource source, ReportSnapshotStore? snapshots = null)
{
    private const int Attempts = 3;

    // A snapshot is only as good as the code that made it: another build computes its own.
    private static readonly string Build =
        $"{typeof(ReportService).Assembly.ManifestModule.ModuleVersionId:N}.{typeof(BenchmarkScorer).Assembly.ManifestModule.ModuleVersionId:N}";

    /// <summary>The dates and spans a report accepts (default: <see cref="WindowLimits.Default"/>).</summary>
    public WindowLimits Limits { get; init; } = WindowLimits.Default;

    /// <summary>The whole benchmark document, in the reference JSON shape.</summary>
    public Task<BenchmarkDocument> BenchmarkAsync(ReportQuery query, CancellationToken ct) =>
        WithViewAsync(async view =>
        {
            var (set, window, snapshot) = await ScoreAsync(view, query, subject: null, ct);
            return Document(set, window, snapshot);
        }, ct);

    /// <summary>
    /// The benchmark document as the JSON <see cref="ReportJson"/> prints, from the store's snapshot
    /// for the current data version when there is one (no scoring at all), else computed and kept.
    /// </summary>
    public async Task<byte[]> BenchmarkJsonAsync(ReportQuery query, CancellationToken ct)
    {
        byte[]? document = null;
        await BenchmarkJsonAsync(query, (json, _) =>
        {
            document = BenchmarkJson.ToArray(json);
            return Task.CompletedTask;
        }, ct);
        return document!;
    }

    /// <summary>
    /// The same document handed to <paramref name="deliver"/> once, as consecutive segments (see
    /// <see cref="BenchmarkJson.Segments(BenchmarkDocument)"/>), while a computed one is being kept:
    /// at 30,000 brands packing it for the store and writing it out each take a few tenths of a
    /// second, and one need not wait for the other.
    /// </summary>
    public async Task BenchmarkJsonAsync(ReportQuery query, Func<IReadOnlyList<ReadOnlyMemory<byte>>, CancellationToken, Task> deliver, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(deliver);
        // A peer set is a workspace's own: the same name in two workspaces is two documents.
        var scope = query.Benchmark.Kind == BenchmarkKind.Peers ? query.Workspace : "";
        var key = $"benchmark.json|{Build}|{scope}|{query.Benchmark}|{query.From:yyyy-MM-dd}|{query.To:yyyy-MM-dd}|{query.Settings.MinEffort}|{query.Settings.MinUserPosts}";
        if (snapshots is not null && await snapshots.GetAsync(key, ct) is { } stored)
        {
            await deliver([stored], ct);
            return;
        }

        var (json, version) = await WithViewAsync(async view =>
        {
            var (set, window, snapshot) = await ScoreAsync(view, query, subject: null, ct);
            return (BenchmarkJson.Segments(Document(set, window, snapshot)), view.Version);
        }, ct);
        if (snapshots is null || version is null)
        {
            await deliver(json, ct);
            return;
        }

        // The store's client is synchronous under its async face: keep on another thread.
        var keep = Task.Run(() => snapshots.PutAsync(key, version.Value, json, ct), ct);
        try
        {
            await deliver(json, ct);
        }
        finally
        {
            await keep;
        }
    }

    /// <summary>
    /// The benchmark set scored over the query's window, kept as the view's scored snapshot: every
    /// brand's score, grade and rank and its accounts' KPI scores (the dashboard reads a page of it).
    /// </summary>
    public Task<Ranking> RankingAsync(ReportQuery query, CancellationToken ct) =>
        WithViewAsync(async view =>
        {
            var (set, window, snapshot) = await ScoreAsync(view, query, subject: null, ct);
            return new Ranking(set.Label, window, snapshot, view.Brands, view.Workspace(query.Workspace).Brands);
        }, ct);

    /// <summary>Brands x networks against the benchmark set of the first brand, with share of conversation.</summary>
    public async Task<ComparisonReport> CompareAsync(IReadOnlyList<string> brands, ReportQuery query, CancellationToken ct) =>
        (await CompareWithDistributionAsync(brands, query, ct)).Report;

    /// <summary>The comparison and the benchmark distribution of its set (the compare page), from one scored snapshot.</summary>
    public async Task<ComparisonView> CompareWithDistributionAsync(IReadOnlyList<string> brands, ReportQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(brands);
        if (brands.Count == 0)
        {
            throw new ApiParameterException("brands", "a comparison needs at least one brand");
        }

        var distinct = brands.Distinct(StringComparer.Ordinal).ToList();
        return await WithViewAsync(async view =>
        {
            Visible(view, query, brands[0]);
            var set = view.Resolve(query.Benchmark, brands[0], query.Workspace);
            foreach (var brand in distinct)
            {
                Member(view, set, brand, query);
            }

            var (_, window, snapshot) = await ScoreAsync(view, query, brands[0], ct);
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
            var report = new ComparisonReport(BenchmarkDocument.SpecVersion, window, set.Label, snapshot.Result.Brands.Count,
                distinct.Select(snapshot.BrandScore).ToList(), rows);
            return new ComparisonView(report, snapshot.Result.Distribution, distinct.ToDictionary(b => b, b => view.Brands[b].Name, StringComparer.Ordinal));
        }, ct);
    }

    /// <summary>One brand's score, grade and rank, and per network its KPIs and the benchmark distribution.</summary>
    public Task<BrandReport> BrandAsync(string brand, ReportQuery query, CancellationToken ct) =>
        WithViewAsync(async view =>
        {
            Visible(view, query, brand);
            var set = view.Resolve(query.Benchmark, brand, query.Workspace);
            var subject = Member(view, set, brand, query);
            var (_, window, snapshot) = await ScoreAsync(view, query, brand, ct);
            var score = snapshot.BrandScore(brand);
            var networks = snapshot.AccountsOf(brand)
                .Select(a => new BrandNetworkReport(a.Network, a.Handle, a, snapshot.Populations[a.Network], snapshot.Distribution(a.Network)))
                .ToList();
            return new BrandReport(
                BenchmarkDocument.SpecVersion, brand, subject.Name, subject.Industry, window, set.Label, snapshot.Result.Brands.Count,
                score.Score, score.Grade, score.Rank, snapshot.RankedBrands, networks);
        }, ct);

    /// <summary>The benchmark set of <paramref name="brand"/> scored per week or month; each bucket is its own window (§11).</summary>
    public Task<TrendDocument> TrendAsync(string brand, TrendGranularity granularity, ReportQuery query, CancellationToken ct) =>
        WithViewAsync(async view =>
        {
            var trend = await TrendBucketsAsync(view, brand, granularity, query, async (set, bucket) =>
            {
                var result = (await view.ScoreAsync(set, bucket, query.Settings, ct)).Result;
                return new TrendBucket(bucket.From, bucket.To, result.Accounts, result.Brands, result.Distribution);
            }, ct);
            return new TrendDocument(BenchmarkDocument.SpecVersion, trend.Set.Label, TrendBuckets.Name(granularity), trend.Window, trend.Scored);
        }, ct);

    /// <summary>
    /// The same trend's brand scores only (the pages draw those): each bucket scored like the
    /// trend's, its accounts dropped once the brand scores are read, so a page needs about what
    /// the brand report needs.
    /// </summary>
    /// <param name="brand">The brand whose set is scored; null for a set that needs no subject (all, peers:NAME).</param>
    public Task<BrandScoreTrend> BrandScoreTrendAsync(string? brand, TrendGranularity granularity, ReportQuery query, CancellationToken ct) =>
        WithViewAsync(async view =>
        {
            var trend = await TrendBucketsAsync(view, brand, granularity, query,
                (set, bucket) => view.BrandScoresAsync(set, bucket, query.Settings, ct), ct);
            return new BrandScoreTrend(TrendBuckets.Name(granularity), trend.Buckets, trend.Scored);
        }, ct);

    // The one trend loop: the set and window of the brand's report, one bucket scored after another.
    private async Task<(BenchmarkSet Set, ReportWindow Window, IReadOnlyList<ReportWindow> Buckets, List<T> Scored)> TrendBucketsAsync<T>(
        IScoringView view, string? brand, TrendGranularity granularity, ReportQuery query,
        Func<BenchmarkSet, ReportWindow, Task<T>> score, CancellationToken ct)
    {
        if (brand is not null)
        {
            Visible(view, query, brand);
        }

        var set = view.Resolve(query.Benchmark, brand, query.Workspace);
        var window = Window(view, set, query, trend: true);
        await view.PrepareAsync(window, ct);
        var buckets = TrendBuckets.Split(window, granularity);
        var scored = new List<T>(buckets.Count);
        foreach (var bucket in buckets)
        {
            scored.Add(await score(set, bucket));
        }

        return (set, window, buckets, scored);
    }

    // A brand the caller may report on: tracked by its workspace and, for a brand-restricted key,
    // one of the key's. Any other brand is unknown to it, whether it exists or not (no existence leaks).
    private static void Visible(IScoringView view, ReportQuery query, string brand)
    {
        if (!view.Workspace(query.Workspace).Brands.Contains(brand) || query.Brands is { } allowed && !allowed.Contains(brand))
        {
            throw new NotFoundException($"unknown brand '{brand}'");
        }
    }

    // A visible brand that belongs to the set: scored there, so it has a score, a rank and rows.
    private static Brand Member(IScoringView view, BenchmarkSet set, string brand, ReportQuery query)
    {
        Visible(view, query, brand);
        if (!view.Brands.TryGetValue(brand, out var known))
        {
            throw new NotFoundException($"unknown brand '{brand}'");
        }

        return set.Brands.Contains(brand)
            ? known
            : throw new ApiParameterException("benchmark", $"brand '{brand}' is not in the benchmark set {set.Label}: choose a benchmark that contains it",
                ProblemTypes.BrandNotInBenchmark);
    }

    private async Task<(BenchmarkSet Set, ReportWindow Window, ScoredSnapshot Snapshot)> ScoreAsync(
        IScoringView view, ReportQuery query, string? subject, CancellationToken ct)
    {
        var set = view.Resolve(query.Benchmark, subject, query.Workspace);
        var window = Window(view, set, query, trend: false);
        using var activity = EngagementTelemetry.Source.StartActivity("score");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var snapshot = await view.ScoreAsync(set, window, query.Settings, ct);
        EngagementTelemetry.ScoringDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        return (set, window, snapshot);
    }

    private static BenchmarkDocument Document(BenchmarkSet set, ReportWindow window, ScoredSnapshot snapshot) =>
        new(BenchmarkDocument.SpecVersion, window, set.Label, snapshot.Result.Accounts, snapshot.Result.Brands, snapshot.Result.Distribution);

    // As ReportWindow.Resolve (section 2), within the limits: no request and no stored instant can
    // make a window the service cannot hold.
    private ReportWindow Window(IScoringView view, BenchmarkSet set, ReportQuery query, bool trend) =>
        Limits.Resolve(query.From, query.To, query.To is null ? view.LatestOwnPost(set) : null, trend);

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

/// <summary>A benchmark set scored over a window (<see cref="ReportService.RankingAsync"/>).</summary>
/// <param name="Tracked">The brands the query's workspace tracks (the ones a caller of that workspace may list).</param>
public sealed record Ranking(
    string Benchmark, ReportWindow Window, ScoredSnapshot Snapshot, IReadOnlyDictionary<string, Brand> Brands, IReadOnlySet<string> Tracked);

/// <summary>A comparison with the benchmark distribution of its set and the compared brands' names, as the compare page draws them.</summary>
public sealed record ComparisonView(ComparisonReport Report, IReadOnlyList<DistributionRow> Distribution, IReadOnlyDictionary<string, string> Names);
