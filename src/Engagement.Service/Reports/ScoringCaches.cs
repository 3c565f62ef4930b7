using System.Collections.Concurrent;
using Engagement.Domain.Model;
using Engagement.Domain.Scoring;

namespace Engagement.Service.Reports;

/// <summary>
/// What a view keeps between reports of the same store version: resolved benchmark sets, the
/// latest post per set, scored snapshots (or a trend bucket's brand scores) per (set, window, thresholds), each computed once
/// even when requests for it arrive together. Bounded: a full cache starts over.
/// </summary>
internal sealed class ScoringCaches(IReadOnlyDictionary<string, Brand> brands, Func<string, WorkspaceScope> workspaces)
{
    private const int Capacity = 1_024;

    private readonly ConcurrentDictionary<(string Spec, string? Subject, string? Workspace), BenchmarkSet> _sets = new();
    private readonly ConcurrentDictionary<BenchmarkSet, string> _setKeys = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<string, long?> _latest = new(StringComparer.Ordinal);
    private readonly SharedTasks<string, ScoredSnapshot> _snapshots = new(Capacity, StringComparer.Ordinal);
    private readonly SharedTasks<string, BrandScores> _brandScores = new(Capacity, StringComparer.Ordinal);

    public BenchmarkSet Resolve(BenchmarkSetSpec spec, string? subject, string workspace)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (subject is not null && !brands.ContainsKey(subject))
        {
            throw new NotFoundException($"unknown brand '{subject}'");
        }

        // Every subject of `all` has the same set: one entry, not one per brand. Only peer sets
        // differ between workspaces.
        var key = spec.Kind switch
        {
            BenchmarkKind.All => (spec.ToString(), null, null),
            BenchmarkKind.Peers => (spec.ToString(), subject, workspace),
            _ => (spec.ToString(), subject, (string?)null),
        };
        return Bounded(_sets).GetOrAdd(
            key, _ => BenchmarkSet.Resolve(spec, subject, brands, name => workspaces(workspace).PeerSets.GetValueOrDefault(name)));
    }

    public long? LatestOwnPost(BenchmarkSet set, Func<long?> compute) => Bounded(_latest).GetOrAdd(KeyOf(set), _ => compute());

    /// <summary>The snapshot for (set, window, thresholds), scored once by <paramref name="score"/> for every caller.</summary>
    public Task<ScoredSnapshot> ScoreAsync(
        BenchmarkSet set, ReportWindow window, SufficiencySettings settings, Func<Task<BenchmarkResult>> score, CancellationToken ct) =>
        _snapshots.GetAsync(Key(set, window, settings), async () => new ScoredSnapshot(await score()), ct);

    /// <summary>
    /// The brand scores only (a page's trend bucket): read from the snapshot when one is kept, else
    /// scored once by <paramref name="score"/> and only the scores kept; the scored accounts are
    /// garbage as soon as the bucket is done.
    /// </summary>
    public Task<BrandScores> BrandScoresAsync(
        BenchmarkSet set, ReportWindow window, SufficiencySettings settings, Func<Task<BenchmarkResult>> score, CancellationToken ct)
    {
        var key = Key(set, window, settings);
        return _snapshots.TryGetCompleted(key, out var kept)
            ? Task.FromResult(new BrandScores(kept.Result.Brands))
            : _brandScores.GetAsync(key, () => ScoreAndReleaseAsync(score), ct);
    }

    // A bucket's scored accounts (~1 KB per account) live long enough to reach generation 2, where
    // nothing collects them before the next bucket adds as much again: a trend of five weeks would
    // hold five buckets of garbage at its peak. They are garbage once the brand scores are read, so
    // collect them there (the one point where that much memory is known to be freed; only when a
    // bucket is scored, not when its scores come from the cache).
    private static async Task<BrandScores> ScoreAndReleaseAsync(Func<Task<BenchmarkResult>> score)
    {
        var scores = await BrandScoresOfAsync(score);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
        return scores;
    }

    private static async Task<BrandScores> BrandScoresOfAsync(Func<Task<BenchmarkResult>> score) => new((await score()).Brands);

    private string Key(BenchmarkSet set, ReportWindow window, SufficiencySettings settings) =>
        $"{KeyOf(set)}|{window.From:yyyy-MM-dd}|{window.To:yyyy-MM-dd}|{settings.MinEffort}|{settings.MinUserPosts}";

    // Sets with the same label and brands are the same population: "all" keys by its label alone.
    private string KeyOf(BenchmarkSet set) => Bounded(_setKeys).GetOrAdd(set, s => s.Label == "all"
        ? s.Label
        : $"{s.Label}|{string.Join(',', s.Brands.Order(StringComparer.Ordinal))}");

    private static ConcurrentDictionary<TKey, TValue> Bounded<TKey, TValue>(ConcurrentDictionary<TKey, TValue> cache)
        where TKey : notnull
    {
        if (cache.Count >= Capacity)
        {
            cache.Clear();
        }

        return cache;
    }
}
