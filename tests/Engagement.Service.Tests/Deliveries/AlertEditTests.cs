using Dapper;
using Engagement.Data.Store;
using Engagement.Data.Store.Deliveries;
using Engagement.Service.Deliveries;
using Engagement.Service.Tests.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace Engagement.Service.Tests.Deliveries;

/// <summary>
/// An occurrence is what fired (kind, brand, week, competitor), not only the week: a rule edited
/// to watch something else fires for a week it already fired in, an edit that changes nothing it
/// watches does not, and a store upgraded from keys by week alone sends nothing again.
/// </summary>
[TestFixtureSource(typeof(StoreProviders), nameof(StoreProviders.All))]
[NonParallelizable]
public class AlertEditTests(string provider)
{
    private const string Week = "2026-11-01";
    private const string Hook = "http://127.0.0.1:9/hook";

    [Test]
    public async Task A_score_drop_rule_edited_to_responsiveness_below_fires_for_the_week_it_already_fired_in()
    {
        await using var store = DeliveryStore.Create(provider);
        var host = await store.StartHostAsync();
        await DeliveryStore.ImportSamplesAsync(host);
        var all = await AlertTests.AllBrandsAsync(host);
        var now = await AlertTests.WeekAsync(host, all, AlertTests.End);
        var before = await AlertTests.WeekAsync(host, all, AlertTests.End.AddDays(-7));
        var shares = Shares(now);
        var dropped = now.Brands.Select(b => (b.Brand, Drop: before.Brands.Single(p => p.Brand == b.Brand).Score - b.Score))
            .Where(d => d.Drop > 0.5 && shares.TryGetValue(d.Brand, out var share) && share < 100).OrderByDescending(d => d.Drop).FirstOrDefault();
        Assume.That(dropped.Brand, Is.Not.Null, "a brand whose score fell week over week and that left a user's post unanswered");
        var rule = await AlertTests.RuleAsync(host, "edited-kind", AlertKinds.ScoreDrop, dropped.Brand, [], Math.Floor(dropped.Drop!.Value * 100) / 100, Hook);
        var evaluator = host.GetRequiredService<AlertEvaluator>();
        Assert.That(await evaluator.EvaluateAsync(default), Is.EqualTo(1));

        await EditAsync(host, rule, AlertKinds.ResponsivenessBelow, dropped.Brand, [], 100);

        Assert.That(await evaluator.EvaluateAsync(default), Is.EqualTo(1), "the new condition holds in the same week");
        Assert.That(await evaluator.EvaluateAsync(default), Is.Zero);
        Assert.That(await Fired(host, rule), Is.EqualTo(new[] { $"score-drop:{dropped.Brand}:{Week}", $"responsiveness-below:{dropped.Brand}:{Week}" }));
    }

    [Test]
    public async Task A_rule_edited_to_another_brand_fires_for_it_and_an_edit_of_its_threshold_alone_fires_nothing()
    {
        await using var store = DeliveryStore.Create(provider);
        var host = await store.StartHostAsync();
        await DeliveryStore.ImportSamplesAsync(host);
        var shares = Shares(await AlertTests.WeekAsync(host, await AlertTests.AllBrandsAsync(host), AlertTests.End));
        var unanswered = shares.Where(s => s.Value < 99).Select(s => s.Key).Order(StringComparer.Ordinal).Take(2).ToList();
        Assume.That(unanswered, Has.Count.EqualTo(2), "two brands that left a user's post unanswered");
        var rule = await AlertTests.RuleAsync(host, "edited-brand", AlertKinds.ResponsivenessBelow, unanswered[0], [], 100, Hook);
        var evaluator = host.GetRequiredService<AlertEvaluator>();
        Assert.That(await evaluator.EvaluateAsync(default), Is.EqualTo(1));

        await EditAsync(host, rule, AlertKinds.ResponsivenessBelow, unanswered[0], [], 99.5);
        Assert.That(await evaluator.EvaluateAsync(default), Is.Zero, "the same occurrence: sent already");

        await EditAsync(host, rule, AlertKinds.ResponsivenessBelow, unanswered[1], [], 100);
        Assert.That(await evaluator.EvaluateAsync(default), Is.EqualTo(1), "another brand's occurrence");
        Assert.That(await evaluator.EvaluateAsync(default), Is.Zero);
        Assert.That(await Fired(host, rule), Is.EqualTo(new[] { $"responsiveness-below:{unanswered[0]}:{Week}", $"responsiveness-below:{unanswered[1]}:{Week}" }));
    }

    [Test]
    public async Task An_overtaken_rule_edited_to_another_brand_with_the_same_competitor_fires_for_it()
    {
        await using var store = DeliveryStore.Create(provider);
        var host = await store.StartHostAsync();
        await DeliveryStore.ImportSamplesAsync(host);
        var (first, second, competitor) = await TwoOvertakenAsync(host);
        Assume.That(competitor, Is.Not.Null, "a competitor that overtook two brands week over week");
        var rule = await AlertTests.RuleAsync(host, "edited-overtaken", AlertKinds.Overtaken, first!, [competitor!], 0, Hook);
        var evaluator = host.GetRequiredService<AlertEvaluator>();
        Assert.That(await evaluator.EvaluateAsync(default), Is.EqualTo(1));

        await EditAsync(host, rule, AlertKinds.Overtaken, second!, [competitor!], 0);

        Assert.That(await evaluator.EvaluateAsync(default), Is.EqualTo(1));
        Assert.That(await Fired(host, rule), Is.EqualTo(new[] { $"overtaken:{first}:{Week}:{competitor}", $"overtaken:{second}:{Week}:{competitor}" }));
    }

    [Test]
    public async Task A_store_at_version_10_keeps_its_occurrences_through_migration_11_and_sends_none_again()
    {
        await using var store = DeliveryStore.Create(provider);
        var host = await store.StartHostAsync(migrate: false);
        await AtVersion10Async(host.GetRequiredService<IDbConnectionFactory>());
        await DeliveryStore.ImportSamplesAsync(host);
        var (brand, _, competitor) = await TwoOvertakenAsync(host);
        Assume.That(competitor, Is.Not.Null, "a competitor that overtook a brand week over week");
        var answers = await AlertTests.RuleAsync(host, "answers", AlertKinds.ResponsivenessBelow, "pixel-nord", [], 100, Hook);
        var overtaken = await AlertTests.RuleAsync(host, "overtaken", AlertKinds.Overtaken, brand!, [competitor!], 0, Hook);
        await host.GetRequiredService<IDbConnectionFactory>().WriteAsync(
            (connection, transaction, token) => connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO "alert_occurrences" ("rule_id", "occurrence_key", "fired_at", "details") VALUES
                (@answers, @Week, 0, '{}'), (@overtaken, @Competitor, 0, '{}')
                """,
                new { answers = answers.Id, Week, overtaken = overtaken.Id, Competitor = $"{Week}:{competitor}" },
                transaction,
                cancellationToken: token)),
            CancellationToken.None);

        Assert.That(await host.GetRequiredService<StoreMigrator>().MigrateAsync(), Does.Contain(11));

        Assert.That(await host.GetRequiredService<AlertEvaluator>().EvaluateAsync(default), Is.Zero);
        Assert.That(await Fired(host, answers), Is.EqualTo(new[] { $"responsiveness-below:pixel-nord:{Week}" }));
        Assert.That(await Fired(host, overtaken), Is.EqualTo(new[] { $"overtaken:{brand}:{Week}:{competitor}" }));
    }

    // The share of its users' posts each brand answered over the week, where it had any.
    private static Dictionary<string, double> Shares(Engagement.Service.Reports.ComparisonReport week) =>
        week.Rows.GroupBy(r => r.Brand)
            .Where(g => g.Sum(r => r.Measures.UserPosts) > 0)
            .ToDictionary(g => g.Key, g => 100.0 * g.Sum(r => r.Measures.AnsweredUserPosts) / g.Sum(r => r.Measures.UserPosts));

    // Two brands one competitor overtook in rank over the week, when the samples have them.
    private static async Task<(string? First, string? Second, string? Competitor)> TwoOvertakenAsync(IServiceProvider host)
    {
        var all = await AlertTests.AllBrandsAsync(host);
        var now = (await AlertTests.WeekAsync(host, all, AlertTests.End)).Brands.ToDictionary(b => b.Brand);
        var before = (await AlertTests.WeekAsync(host, all, AlertTests.End.AddDays(-7))).Brands.ToDictionary(b => b.Brand);
        var overtook = (from c in all
                        let passed = all.Where(b => before[c].Rank > before[b].Rank && now[c].Rank < now[b].Rank).Order(StringComparer.Ordinal).ToList()
                        where passed.Count >= 2
                        select (passed[0], passed[1], c)).FirstOrDefault();
        return overtook;
    }

    private static async Task EditAsync(IServiceProvider host, AlertRule rule, string kind, string brand, IReadOnlyList<string> competitors, double threshold) =>
        Assert.That(
            await host.GetRequiredService<AlertRepository>().UpdateAsync(
                rule.Id, new NewAlertRule(rule.Workspace, rule.Name, kind, brand, competitors, threshold, rule.Benchmark, rule.Targets)),
            Is.Not.Null);

    private static Task<IReadOnlyList<string>> Fired(IServiceProvider host, AlertRule rule) =>
        host.GetRequiredService<AlertRepository>().OccurrencesAsync(rule.Id);

    // The alert tables as version 10 left them, as StoreMigrator would have: each script, recorded.
    // Every later migration but 11 is applied too (none of them touches the alerts; StoreMigrator
    // applies a missing number whatever came after it): the samples are imported by this program,
    // which reads the posts as the latest schema holds them (migration 15: network codes).
    private static Task AtVersion10Async(IDbConnectionFactory factory) =>
        factory.WriteAsync(
            async (connection, transaction, token) =>
            {
                await connection.ExecuteAsync(new CommandDefinition(factory.Dialect.CreateMigrationsTableSql, transaction: transaction, cancellationToken: token));
                foreach (var migration in StoreMigrator.All.Where(m => m.Version != 11))
                {
                    await connection.ExecuteAsync(new CommandDefinition(migration.Script(factory.Dialect.Name), transaction: transaction, cancellationToken: token));
                    await connection.ExecuteAsync(new CommandDefinition(
                        """INSERT INTO "schema_migrations" ("version", "name", "applied_at") VALUES (@Version, @Name, 0)""",
                        new { migration.Version, migration.Name },
                        transaction,
                        cancellationToken: token));
                }
            },
            CancellationToken.None);
}
