using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Engagement.Service.Tests.Infrastructure;

namespace Engagement.Service.Tests.Walkthrough;

/// <summary>What a new user met on the API and the pages: each answer names what was wrong.</summary>
public sealed class WalkthroughApiTests : ApiFixture
{
    // pixel-nord is an agency; industry:studio holds the studios only.
    private const string OutsideTheSet = "pixel-nord?benchmark=industry:studio&from=2026-10-01&to=2026-11-01";

    [Test]
    public async Task Brand_report_outside_its_benchmark_set_is_a_400_naming_the_benchmark()
    {
        var problem = await Problems.AssertInvalidAsync(await Reader.GetAsync($"/api/v1/reports/brands/{OutsideTheSet}"), "benchmark");
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("pixel-nord").And.Contain("industry:studio"));
    }

    [Test]
    public async Task Brand_page_outside_its_benchmark_set_is_a_400_page_saying_why()
    {
        var response = await Reader.GetAsync($"/reports/brands/{OutsideTheSet.Replace("?", ".html?", StringComparison.Ordinal)}");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), html);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(html, Does.Contain("is not in the benchmark set industry:studio"));
        });
    }

    [Test]
    public async Task Compare_page_scores_once_through_the_report_service_and_draws_the_distribution()
    {
        var response = await Reader.GetAsync("/reports/compare.html?brands=pixel-nord,mile-end-digital&from=2026-10-01&to=2026-11-01");
        var html = await response.Content.ReadAsStringAsync();
        var api = await Reader.GetFromJsonAsync<JsonElement>("/api/v1/reports/compare?brands=pixel-nord,mile-end-digital&from=2026-10-01&to=2026-11-01");
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), html);
            Assert.That(html, Does.Contain("id=\"distribution\""));
            Assert.That(html, Does.Contain($"{api.GetProperty("benchmarkBrands").GetInt32()} brands"), "the page and the API agree on the set");
        });
    }

    [TestCase("eng_abcdef", "no scheme")]
    [TestCase("Token eng_abcdef", "scheme 'Token' is not accepted")]
    public async Task Authorization_without_bearer_says_the_scheme_is_missing(string header, string expected)
    {
        using var client = Client(key: null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/brands");
        request.Headers.TryAddWithoutValidation("Authorization", header);
        var problem = await Problems.AssertAsync(await client.SendAsync(request), HttpStatusCode.Unauthorized);
        var detail = problem.GetProperty("detail").GetString();
        Assert.That(detail, Does.Contain(expected).And.Contain("Authorization: Bearer"));
        Assert.That(detail, Does.Not.Contain("abcdef"), "the secret is never echoed");
    }

    [Test]
    public async Task Account_on_an_unknown_network_is_a_400_listing_the_networks()
    {
        var problem = await Problems.AssertInvalidAsync(
            await Admin.PutAsJsonAsync("/api/v1/brands/pixel-nord/accounts/myspace", new { handle = "pixelnord" }), "network");
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("mastodon").And.Contain("facebook"));
        Assert.That((await Reader.GetFromJsonAsync<JsonElement>("/api/v1/brands/pixel-nord")).GetProperty("accounts").EnumerateArray()
            .Select(a => a.GetProperty("network").GetString()), Does.Not.Contain("myspace"));
    }

    [Test]
    public async Task Account_says_whether_its_network_is_collected_or_csv_only()
    {
        await Admin.PostAsJsonAsync("/api/v1/brands", new { id = "walk-brand", name = "Walk" });
        var csvOnly = await Admin.PutAsJsonAsync("/api/v1/brands/walk-brand/accounts/linkedin", new { handle = "walk" });
        var collected = await Admin.PutAsJsonAsync("/api/v1/brands/walk-brand/accounts/mastodon", new { handle = "walk@mastodon.social" });
        Assert.Multiple(async () =>
        {
            Assert.That(csvOnly.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That((await csvOnly.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("collected").GetBoolean(), Is.False);
            Assert.That((await collected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("collected").GetBoolean(), Is.True);
        });
    }
}
