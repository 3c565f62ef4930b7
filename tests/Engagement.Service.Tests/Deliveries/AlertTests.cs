using System.Text.Json;
using Engagement.Data.Store.Deliveries;
using Engagement.Service.Deliveries;
using Engagement.Service.Reports;
using Engagement.Service.Tests.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace Engagement.Service.Tests.Deliveries;

/// <summary>
/// Alert rules evaluated after an import, fired once per occurrence with the numbers that
/// triggered them. The expected numbers are computed here from the report service's own
/// weekly comparisons (the last 7 days of data against the 7 before).
/// </summary>
[TestFixtureSource(typeof(StoreProviders), nameof(StoreProviders.All))]
[NonParallelizable]
public class AlertTests(string provider)
{
    // The samples' last post is on 2026-10-31: the last week is [10-25, 11-01), the one before [10-18, 10-25).
    internal static readonly DateOnly End = new(2026, 11, 1);

    [Test]
    public async Task An_import_fires_a_responsiveness_alert_once_with_its_numbers_and_evaluating_again_fires_nothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var store = DeliveryStore.Create(provider);
        var host = await store.StartHostAsync();
        var rule = await RuleAsync(host, "pixel-nord-answers", AlertKinds.ResponsivenessBelow, "pixel-nord", [], 100, receiver.Url());

        await DeliveryStore.ImportSamplesAsync(host);
        Assert.That(await host.GetRequiredService<AlertEvaluator>().EvaluateAsync(default), Is.Zero, "the import already fired it");
        await DeliveryStore.ImportSamplesAsync(host);
        Assert.That(await ScheduledRunTests.Send(host), Is.EqualTo(1));

        var week = await WeekAsync(host, ["pixel-nord"], End);
        var rows = week.Rows.Where(r => r.Brand == "pixel-nord").ToList();
        var expected = 100.0 * rows.Sum(r => r.Measures.AnsweredUserPosts) / rows.Sum(r => r.Measures.UserPosts);
        var hook = receiver.Hooks.Single();
        using var json = JsonDocument.Parse(hook.Body);
        var alert = json.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(hook.ContentType, Does.StartWith("application/json"));
            Assert.That(hook.Headers[WebhookSender.EventHeader], Is.EqualTo("alert"));
            Assert.That(WebhookSignature.Verify(rule.SigningSecret, hook.Headers[WebhookSignature.Header], hook.Body, store.Clock.GetUtcNow()), Is.True);
            Assert.That(alert.GetProperty("kind").GetString(), Is.EqualTo(AlertKinds.ResponsivenessBelow));
            Assert.That(alert.GetProperty("occurrence").GetString(), Is.EqualTo("responsiveness-below:pixel-nord:2026-11-01"));
            Assert.That(alert.GetProperty("numbers").GetProperty("responsivenessPercent").GetDouble(), Is.EqualTo(expected).Within(1e-9));
            Assert.That(alert.GetProperty("summary").GetString(), Does.Contain("pixel-nord answered"));
        });
    }

    [Test]
    public async Task A_score_drop_alert_fires_at_the_drop_and_not_above_it()
    {
        await using var store = DeliveryStore.Create(provider);
        var host = await store.StartHostAsync();
        await DeliveryStore.ImportSamplesAsync(host);
        var brands = (await WeekAsync(host, ["pixel-nord"], End)).BenchmarkBrands;
        var all = await AllBrandsAsync(host);
        var now = await WeekAsync(host, all, End);
        var before = await WeekAsync(host, all, End.AddDays(-7));
        var dropped = now.Brands.Select(b => (b.Brand, Drop: before.Brands.Single(p => p.Brand == b.Brand).Score - b.Score)).Where(d => d.Drop > 0.5).OrderByDescending(d => d.Drop).FirstOrDefault();
        Assume.That(dropped.Brand, Is.Not.Null, $"a brand of the {brands} whose score fell week over week");

        var firing = await RuleAsync(host, "drop-at", AlertKinds.ScoreDrop, dropped.Brand, [], Math.Floor(dropped.Drop!.Value * 100) / 100, "http://127.0.0.1:9/hook");
        var quiet = await RuleAsync(host, "drop-above", AlertKinds.ScoreDrop, dropped.Brand, [], dropped.Drop.Value + 0.01, "http://127.0.0.1:9/hook");
        Assert.That(await host.GetRequiredService<AlertEvaluator>().EvaluateAsync(default), Is.EqualTo(1));
        var rules = host.GetRequiredService<AlertRepository>();
        Assert.That(await rules.OccurrencesAsync(firing.Id), Is.EqualTo(new[] { $"score-drop:{dropped.Brand}:2026-11-01" }));
        Assert.That(await rules.OccurrencesAsync(quiet.Id), Is.Empty);
    }

    [Test]
    public async Task An_overtaken_alert_names_the_competitor_that_passed_the_brand_in_rank()
    {
        await using var store = DeliveryStore.Create(provider);
        var host = await store.StartHostAsync();
        await DeliveryStore.ImportSamplesAsync(host);
        var all = await AllBrandsAsync(host);
        var now = (await WeekAsync(host, all, End)).Brands.ToDictionary(b => b.Brand);
        var before = (await WeekAsync(host, all, End.AddDays(-7))).Brands.ToDictionary(b => b.Brand);
        var pair = (from b in all
                    from c in all
                    where before[c].Rank > before[b].Rank && now[c].Rank < now[b].Rank
                    select (Brand: b, Competitor: c)).FirstOrDefault();
        Assume.That(pair.Brand, Is.Not.Null, "two brands whose ranks crossed week over week");
        var steady = all.First(c => c != pair.Brand && before[c].Rank < before[pair.Brand].Rank && now[c].Rank < now[pair.Brand].Rank
            || c != pair.Brand && before[c].Rank > before[pair.Brand].Rank && now[c].Rank > now[pair.Brand].Rank);

        var rule = await RuleAsync(host, "overtaken", AlertKinds.Overtaken, pair.Brand, [pair.Competitor, steady], 0, "http://127.0.0.1:9/hook");
        Assert.That(await host.GetRequiredService<AlertEvaluator>().EvaluateAsync(default), Is.EqualTo(1));
        Assert.That(await host.GetRequiredService<AlertEvaluator>().EvaluateAsync(default), Is.Zero);
        Assert.That(await host.GetRequiredService<AlertRepository>().OccurrencesAsync(rule.Id), Is.EqualTo(new[] { $"overtaken:{pair.Brand}:2026-11-01:{pair.Competitor}" }));
    }

    internal static Task<AlertRule> RuleAsync(IServiceProvider host, string name, string kind, string brand, IReadOnlyList<string> competitors, double threshold, string webhook) =>
        host.GetRequiredService<AlertRepository>().InsertAsync(new NewAlertRule("default", name, kind, brand, competitors, threshold, "all", new DeliveryTargets(webhook, [])));

    internal static async Task<IReadOnlyList<string>> AllBrandsAsync(IServiceProvider host) =>
        (await host.GetRequiredService<Engagement.Data.Store.Repositories.BrandRepository>().ListAsync()).Select(b => b.Id).ToList();

    internal static Task<ComparisonReport> WeekAsync(IServiceProvider host, IReadOnlyList<string> brands, DateOnly end) =>
        host.GetRequiredService<ReportService>().CompareAsync(brands, new ReportQuery { From = end.AddDays(-7), To = end }, default);
}
