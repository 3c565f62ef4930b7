using Engagement.Data.Store;
using Engagement.Data.Store.Aggregates;
using Engagement.Domain.Scoring;

namespace Engagement.Data.Tests.Store.Aggregates;

/// <summary>Scores a window from the aggregates and from the posts (the engine) and compares every field.</summary>
internal static class FastPathCheck
{
    public static async Task<BenchmarkResult> AssertSameAsync(IDbConnectionFactory factory, string from, string to)
    {
        var window = new ReportWindow(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture));
        var store = new AggregateStore(factory);
        var model = await store.ReadModelAsync();
        var data = await store.ReadWindowAsync(model, window.From, window.To);
        Assert.That(data, Is.Not.Null, "no write in between");
        var fast = BenchmarkScorer.Score(
            Enumerable.Range(0, model.Accounts.Count).Select(i => data!.Measure(i, window, SufficiencySettings.Default)),
            model.Brands.Select(b => b.Id));

        var input = await new ScoringInputLoader(factory).LoadAsync();
        var engine = ScoringEngine.Score(
            BenchmarkSet.Resolve(BenchmarkSetSpec.All, null, input.Brands, input.PeerSet), input.Activity.Activities.ToList(), window);
        Assert.That(ReportJson.Serialize(fast), Is.EqualTo(ReportJson.Serialize(engine)));
        Assert.That(
            model.Accounts.Max(a => a.Summary.LatestOwnPost),
            Is.EqualTo(input.Activity.Activities.Max(a => a.LatestOwnPost)),
            "the default window's end");
        return fast;
    }

    public static AccountMeasures Account(this BenchmarkResult result, string handle) => result.Accounts.Single(a => a.Handle == handle);
}
