using Engagement.Domain.Model;
using Engagement.Domain.Scoring;
using Engagement.Service.Reports;

namespace Engagement.Service.Tests.Reports;

/// <summary>
/// A page's trend keeps per bucket the brand scores only: the scored accounts of a bucket (tens of
/// MB at 30,000 brands) are not kept for it, and a snapshot kept for the trend API is reused.
/// </summary>
public sealed class ScoringCachesTests
{
    private static readonly Dictionary<string, Brand> Brands = new(StringComparer.Ordinal)
    {
        ["a"] = new("a", "A", null),
        ["b"] = new("b", "B", null),
    };

    private static readonly ReportWindow Week = new(new DateOnly(2024, 6, 3), new DateOnly(2024, 6, 10));

    [Test]
    public async Task Brand_scores_are_scored_once_and_keep_no_snapshot()
    {
        var caches = new ScoringCaches(Brands, _ => WorkspaceScope.Empty);
        var set = caches.Resolve(BenchmarkSetSpec.All, null, "default");
        var runs = 0;
        Task<BenchmarkResult> Score()
        {
            runs++;
            return Task.FromResult(Scored());
        }

        var first = await caches.BrandScoresAsync(set, Week, SufficiencySettings.Default, Score, default);
        var again = await caches.BrandScoresAsync(set, Week, SufficiencySettings.Default, Score, default);
        Assert.That((first.Of("a"), first.Of("b"), first.Of("unknown")), Is.EqualTo(((double?)100, (double?)null, (double?)null)));
        Assert.That(again, Is.SameAs(first), "kept for the next page");
        Assert.That(runs, Is.EqualTo(1));

        await caches.ScoreAsync(set, Week, SufficiencySettings.Default, Score, default);
        Assert.That(runs, Is.EqualTo(2), "the brand scores kept no scored snapshot: a full report scores the bucket itself");
    }

    [Test]
    public async Task Brand_scores_read_a_kept_snapshot_without_scoring()
    {
        var caches = new ScoringCaches(Brands, _ => WorkspaceScope.Empty);
        var set = caches.Resolve(BenchmarkSetSpec.All, null, "default");
        var runs = 0;
        Task<BenchmarkResult> Score()
        {
            runs++;
            return Task.FromResult(Scored());
        }

        await caches.ScoreAsync(set, Week, SufficiencySettings.Default, Score, default);
        var scores = await caches.BrandScoresAsync(set, Week, SufficiencySettings.Default, Score, default);
        Assert.That((runs, scores.Of("a")), Is.EqualTo((1, (double?)100)));
    }

    // Brand a has a scored account, brand b has none: a score and no score.
    private static BenchmarkResult Scored() => new(
        [],
        [new BrandScore("b", null, null, null), new BrandScore("a", 100, "A", 1)],
        []);
}
