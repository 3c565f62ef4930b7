using System.Collections.Concurrent;
using Engagement.Domain.Model;
using Engagement.Domain.Scoring;

namespace Engagement.Service.Reports;

/// <summary>
/// What a view keeps between reports of the same store version: resolved benchmark sets, the
/// latest post per set, and scored snapshots per (set, window, thresholds), each computed once
/// even when requests for it arrive together. Bounded: a full cache starts over.
/// </summary>
internal sealed class ScoringCaches(IReadOnlyDictionary<string, Brand> brands, Func<string, IReadOnlyCollection<string>?> peerSet)
{
    private const int Capacity = 1_024;

    private readonly ConcurrentDictionary<(string Spec, string? Subject), BenchmarkSet> _sets = new();
    private readonly ConcurrentDictionary<BenchmarkSet, string> _setKeys = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<string, long?> _latest = new(StringComparer.Ordinal);
    private readonly SharedTasks<string, ScoredSnapshot> _snapshots = new(Capacity, StringComparer.Ordinal);

    public BenchmarkSet Resolve(BenchmarkSetSpec spec, string? subject)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (subject is not null && !brands.ContainsKey(subject))
        {
            throw new NotFoundException($"unknown brand '{subject}'");
        }

        // Every subject of `all` has the same set: one entry, not one per brand.
        var key = spec.Kind == BenchmarkKind.All ? (spec.ToString(), null) : (spec.ToString(), subject);
        return Bounded(_sets).GetOrAdd(key, _ => BenchmarkSet.Resolve(spec, subject, brands, peerSet));
    }

    public long? LatestOwnPost(BenchmarkSet set, Func<long?> compute) => Bounded(_latest).GetOrAdd(KeyOf(set), _ => compute());

    /// <summary>The snapshot for (set, window, thresholds), scored once by <paramref name="score"/> for every caller.</summary>
    public Task<ScoredSnapshot> ScoreAsync(
        BenchmarkSet set, ReportWindow window, SufficiencySettings settings, Func<Task<ScoredSnapshot>> score, CancellationToken ct)
    {
        var key = $"{KeyOf(set)}|{window.From:yyyy-MM-dd}|{window.To:yyyy-MM-dd}|{settings.MinEffort}|{settings.MinUserPosts}";
        return _snapshots.GetAsync(key, score, ct);
    }

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
