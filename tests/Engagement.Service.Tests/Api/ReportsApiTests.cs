using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Engagement.Service.Tests.Infrastructure;

namespace Engagement.Service.Tests.Api;

public class ReportsApiTests : ApiFixture
{
    private const string Window = "from=2026-10-01&to=2026-11-01";

    [Test]
    public async Task Brand_report_has_score_grade_rank_and_per_network_kpis_and_distribution()
    {
        var report = await Reader.GetFromJsonAsync<JsonElement>($"/api/v1/reports/brands/pixel-nord?{Window}");
        var network = report.GetProperty("networks")[0];
        Assert.Multiple(() =>
        {
            Assert.That(report.GetProperty("spec").GetString(), Is.EqualTo("scoring-v1"));
            Assert.That(report.GetProperty("window").GetProperty("from").GetString(), Is.EqualTo("2026-10-01"));
            Assert.That(report.GetProperty("window").GetProperty("to").GetString(), Is.EqualTo("2026-11-01"));
            Assert.That(report.GetProperty("benchmark").GetString(), Is.EqualTo("all"));
            Assert.That(report.GetProperty("score").GetDouble(), Is.InRange(0, 100));
            Assert.That(report.GetProperty("grade").GetString(), Is.Not.Empty);
            Assert.That(report.GetProperty("rank").GetInt32(), Is.GreaterThanOrEqualTo(1));
            Assert.That(report.GetProperty("networks").GetArrayLength(), Is.EqualTo(3));
            Assert.That(network.GetProperty("measures").GetProperty("sufficient").GetProperty("impact").ValueKind, Is.EqualTo(JsonValueKind.True));
            Assert.That(network.GetProperty("measures").GetProperty("scores").GetProperty("channel").ValueKind, Is.EqualTo(JsonValueKind.Number));
            Assert.That(network.GetProperty("populations").GetProperty("engagement").GetInt32(), Is.GreaterThan(0));
            Assert.That(network.GetProperty("distribution").EnumerateArray().Select(d => d.GetProperty("kpi").GetString()),
                Is.EquivalentTo(new[] { "impact", "engagement", "responsiveness" }));
        });
    }

    [Test]
    public async Task Compare_has_every_brand_by_network_with_shares_summing_to_one()
    {
        var report = await Reader.GetFromJsonAsync<JsonElement>($"/api/v1/reports/compare?brands={string.Join(',', Samples.FullyCovered)}&{Window}");
        var rows = report.GetProperty("rows").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(report.GetProperty("brands").EnumerateArray().Select(b => b.GetProperty("brand").GetString()), Is.EqualTo(Samples.FullyCovered));
            Assert.That(rows, Has.Count.EqualTo(Samples.FullyCovered.Length * 3));
            foreach (var network in rows.GroupBy(r => r.GetProperty("network").GetString()))
            {
                Assert.That(network.Sum(r => r.GetProperty("shareOfConversation").GetDouble()), Is.EqualTo(1.0).Within(1e-9), network.Key);
            }
        });
    }

    [Test]
    public async Task Compare_without_brands_is_a_400_naming_brands()
    {
        await Problems.AssertInvalidAsync(await Reader.GetAsync("/api/v1/reports/compare"), "brands");
    }

    [Test]
    public async Task Compare_with_unknown_brand_is_a_404()
    {
        await Problems.AssertAsync(await Reader.GetAsync("/api/v1/reports/compare?brands=pixel-nord,ghost"), HttpStatusCode.NotFound);
    }

    [TestCase("week", 5)]
    [TestCase("month", 1)]
    public async Task Trend_cuts_the_window_into_buckets(string granularity, int buckets)
    {
        var trend = await Reader.GetFromJsonAsync<JsonElement>($"/api/v1/reports/brands/pixel-nord/trend?granularity={granularity}&{Window}");
        Assert.That(trend.GetProperty("granularity").GetString(), Is.EqualTo(granularity));
        Assert.That(trend.GetProperty("buckets").GetArrayLength(), Is.EqualTo(buckets));
    }

    [Test]
    public async Task Trend_with_unknown_granularity_is_a_400_naming_it()
    {
        await Problems.AssertInvalidAsync(await Reader.GetAsync("/api/v1/reports/brands/pixel-nord/trend?granularity=day"), "granularity");
    }

    [Test]
    public async Task Benchmarks_is_the_whole_document_in_the_reference_shape()
    {
        var document = await Reader.GetFromJsonAsync<JsonElement>($"/api/v1/benchmarks/download?{Window}&benchmark=industry:agency");
        Assert.Multiple(() =>
        {
            Assert.That(document.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "spec", "window", "benchmark", "accounts", "brands", "distribution" }));
            Assert.That(document.GetProperty("benchmark").GetString(), Is.EqualTo("industry:agency"));
            Assert.That(document.GetProperty("brands").EnumerateArray().Select(b => b.GetProperty("brand").GetString()), Does.Contain("pixel-nord"));
        });
    }

    [Test]
    public async Task Benchmarks_with_the_subject_industry_is_a_400_naming_benchmark()
    {
        await Problems.AssertInvalidAsync(await Reader.GetAsync("/api/v1/benchmarks?benchmark=industry"), "benchmark");
    }

    [Test]
    public async Task Thresholds_change_what_is_sufficient()
    {
        var strict = await Reader.GetFromJsonAsync<JsonElement>($"/api/v1/reports/brands/pixel-nord?{Window}&minEffort=100000&minUserPosts=100000");
        var measures = strict.GetProperty("networks")[0].GetProperty("measures");
        Assert.That(measures.GetProperty("sufficient").GetProperty("impact").GetBoolean(), Is.False);
        Assert.That(strict.GetProperty("score").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task Format_other_than_json_or_csv_is_a_400_naming_it()
    {
        await Problems.AssertInvalidAsync(await Reader.GetAsync("/api/v1/benchmarks?format=xml"), "format");
    }

    [Test]
    public async Task Report_sees_a_change_made_after_its_data_was_cached()
    {
        await Reader.GetStringAsync($"/api/v1/benchmarks?{Window}");
        await Admin.PutAsJsonAsync("/api/v1/peer-sets/test-cache", new { brands = new[] { "pixel-nord" } });
        var report = await Reader.GetFromJsonAsync<JsonElement>($"/api/v1/reports/brands/plateau-pixels?{Window}&benchmark=peers:test-cache");
        Assert.That(report.GetProperty("benchmarkBrands").GetInt32(), Is.EqualTo(2));
    }
}
