using Engagement.Domain.Scoring;

namespace Engagement.Domain.Tests.Scoring;

/// <summary>methodology.md §8-§9 on hand-made measures.</summary>
public class BenchmarkScorerTests
{
    private static AccountMeasures Account(string brand, string network, int effort, double? engagement, double? responsiveness = null, int userPosts = 0) =>
        new(brand, network, brand, effort, 0, effort, userPosts, 0, 0, null, ReachBasis.None, null, null,
            null, engagement, responsiveness, null, null, null, null, null, null, 0,
            new KpiFlags(false, engagement is not null && effort >= 3, responsiveness is not null && userPosts >= 5));

    [Test]
    public void Ties_share_the_mean_position()
    {
        var result = BenchmarkScorer.Score(
            [Account("a", "m", 9, 21.0 / 9), Account("b", "m", 3, 5), Account("c", "m", 6, 5), Account("d", "m", 5, 5)],
            ["a", "b", "c", "d"]);
        Assert.That(result.Accounts.Select(a => a.Scores.Engagement), Is.EqualTo(new double?[] { 0, 100 * 2.0 / 3, 100 * 2.0 / 3, 100 * 2.0 / 3 }).Within(1e-12));
    }

    [Test]
    public void Insufficient_values_take_no_part_and_get_no_score()
    {
        var result = BenchmarkScorer.Score([Account("a", "m", 2, 100), Account("b", "m", 3, 1)], ["a", "b"]);
        Assert.That(result.Accounts[0].Scores.Engagement, Is.Null);
        Assert.That(result.Accounts[1].Scores.Engagement, Is.EqualTo(50.0), "a population of one scores 50");
        Assert.That(result.Distribution.Single(d => d.Kpi == "engagement").Count, Is.EqualTo(1));
    }

    [Test]
    public void BrandScore_is_the_effort_weighted_mean_of_channel_scores()
    {
        var result = BenchmarkScorer.Score(
            [Account("a", "m", 6, 10), Account("b", "m", 3, 1), Account("a", "n", 3, 1), Account("b", "n", 3, 10)],
            ["a", "b"]);
        var a = result.Brands.Single(b => b.Brand == "a");
        Assert.That(a.Score, Is.EqualTo(((6 * 100.0) + (3 * 0.0)) / 9).Within(1e-12));
        Assert.That((a.Grade, a.Rank), Is.EqualTo(("B", (int?)1)));
    }

    [Test]
    public void BrandScore_is_null_without_effort_even_with_a_responsiveness_score()
    {
        var result = BenchmarkScorer.Score([Account("z", "m", 0, null, 0.2, userPosts: 5)], ["z", "quiet"]);
        Assert.That(result.Accounts[0].Scores.Channel, Is.EqualTo(50.0));
        Assert.That(result.Brands.Select(b => (b.Brand, b.Score, b.Rank)), Is.EqualTo(new[] { ("quiet", (double?)null, (int?)null), ("z", null, null) }));
    }

    [Test]
    public void Rank_is_one_plus_the_brands_scoring_higher()
    {
        var result = BenchmarkScorer.Score(
            [Account("a", "m", 3, 1), Account("b", "m", 3, 2), Account("c", "m", 3, 2), Account("d", "m", 3, 3)],
            ["a", "b", "c", "d"]);
        Assert.That(result.Brands.Select(b => b.Rank), Is.EqualTo(new int?[] { 4, 2, 2, 1 }));
    }

    [Test]
    public void Distribution_has_every_kpi_of_every_network_in_name_order()
    {
        var result = BenchmarkScorer.Score([Account("a", "x", 1, 1), Account("b", "m", 3, 2)], ["a", "b"]);
        Assert.That(result.Distribution.Select(d => (d.Network, d.Kpi, d.Count)), Is.EqualTo(new[]
        {
            ("m", "engagement", 1), ("m", "impact", 0), ("m", "responsiveness", 0),
            ("x", "engagement", 0), ("x", "impact", 0), ("x", "responsiveness", 0),
        }));
        Assert.That(result.Distribution[1].P50, Is.Null);
    }

    [Test]
    public void Accounts_come_out_by_network_then_brand_ties_in_the_order_given()
    {
        // Many accounts so the work is spread over every core; brands repeat within a network,
        // which only the order given can settle.
        var random = new Random(16);
        var given = Enumerable.Range(0, 5000)
            .Select(i => Account($"b{random.Next(300):D3}", $"n{random.Next(4)}", random.Next(6), random.Next(4) == 0 ? null : random.Next(50) / 7.0) with
            {
                Handle = $"h{i}",
            })
            .ToList();
        var result = BenchmarkScorer.Score(given, given.Select(a => a.Brand).Distinct());
        var expected = given.OrderBy(a => a.Network, StringComparer.Ordinal).ThenBy(a => a.Brand, StringComparer.Ordinal).Select(a => a.Handle);
        Assert.That(result.Accounts.Select(a => a.Handle), Is.EqualTo(expected));

        // Scored on every core, each account's score is still its own: the percentile of its value.
        foreach (var account in result.Accounts)
        {
            var population = result.Accounts.Where(a => a.Network == account.Network && a.SufficientValue(Kpi.Engagement) is not null)
                .Select(a => a.SufficientValue(Kpi.Engagement)!.Value).Order().ToArray();
            var expectedScore = account.SufficientValue(Kpi.Engagement) is { } value ? Statistics.PercentileScore(population, value) : (double?)null;
            Assert.That(account.Scores.Engagement, Is.EqualTo(expectedScore), account.Handle);
        }
    }
}
