using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Engagement.Service.Tests.Infrastructure;

namespace Engagement.Service.Tests.Api;

public class CsvOutputTests : ApiFixture
{
    private const string Window = "from=2026-10-01&to=2026-11-01";

    /// <summary>The columns docs/api.md documents, in order.</summary>
    public static readonly string[] Columns =
    [
        "brand", "network", "handle", "from", "to", "benchmark",
        "posts", "answers", "effort", "user_posts", "answered_user_posts", "interactions", "reach", "reach_basis",
        "followers_start", "followers_end", "impact", "engagement", "responsiveness", "answer_ratio",
        "responsiveness_low", "responsiveness_high", "median_first_response_minutes", "interactions_per_1000",
        "follower_growth", "posts_per_day", "impact_sufficient", "engagement_sufficient", "responsiveness_sufficient",
        "impact_score", "engagement_score", "responsiveness_score", "channel_score", "brand_score", "grade", "rank",
        "population_impact", "population_engagement", "population_responsiveness", "share_of_conversation", "spec",
    ];

    [Test]
    public async Task Compare_as_csv_has_the_documented_header_and_a_row_per_brand_and_network()
    {
        var (header, rows) = await GetCsvAsync($"/api/v1/reports/compare?brands={string.Join(',', Samples.FullyCovered)}&{Window}&format=csv");
        var pairs = rows.Select(r => (Brand: r[0], Network: r[1])).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(header, Is.EqualTo(Columns));
            Assert.That(rows.Select(r => r.Length), Has.All.EqualTo(Columns.Length));
            Assert.That(pairs, Has.Count.EqualTo(Samples.FullyCovered.Length * 3).And.Unique);
            Assert.That(pairs.Select(p => p.Brand).Distinct(), Is.EquivalentTo(Samples.FullyCovered));
            Assert.That(rows.Select(r => r[3]), Has.All.EqualTo("2026-10-01"));
            Assert.That(rows.Select(r => r[Array.IndexOf(Columns, "share_of_conversation")]), Has.None.Empty);
        });
    }

    [Test]
    public async Task Accept_text_csv_gets_csv_and_format_json_overrides_it()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/reports/brands/pixel-nord?{Window}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var csv = await Reader.SendAsync(request);
        using var jsonRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/reports/brands/pixel-nord?{Window}&format=json");
        jsonRequest.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var json = await Reader.SendAsync(jsonRequest);
        Assert.Multiple(() =>
        {
            Assert.That(csv.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
            Assert.That(csv.Content.Headers.ContentDisposition?.FileName, Is.EqualTo("brand-pixel-nord-2026-10-01-2026-11-01.csv"));
            Assert.That(json.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        });
    }

    [Test]
    public async Task Accept_preferring_json_gets_json()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/benchmarks");
        request.Headers.Accept.ParseAdd("text/csv;q=0.5, application/json");
        var response = await Reader.SendAsync(request);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
    }

    [Test]
    public async Task Brand_report_as_csv_has_a_row_per_network_of_the_brand()
    {
        var (_, rows) = await GetCsvAsync($"/api/v1/reports/brands/pixel-nord?{Window}&format=csv");
        Assert.That(rows.Select(r => r[1]), Is.EqualTo(new[] { "bluesky", "mastodon", "youtube" }));
        Assert.That(rows.Select(r => r[0]), Has.All.EqualTo("pixel-nord"));
    }

    [Test]
    public async Task Trend_as_csv_has_a_row_per_bucket_and_network_with_the_bucket_window()
    {
        var (header, rows) = await GetCsvAsync($"/api/v1/reports/brands/pixel-nord/trend?{Window}&granularity=week&format=csv");
        Assert.Multiple(() =>
        {
            Assert.That(header, Is.EqualTo(Columns));
            Assert.That(rows, Has.Length.EqualTo(5 * 3));
            Assert.That(rows.Select(r => r[3]).Distinct(), Is.EqualTo(new[] { "2026-10-01", "2026-10-05", "2026-10-12", "2026-10-19", "2026-10-26" }));
        });
    }

    [Test]
    public async Task Benchmarks_as_csv_has_a_row_per_account_of_the_document()
    {
        var document = await Reader.GetFromJsonAsync<JsonElement>($"/api/v1/benchmarks/download?{Window}");
        var (_, rows) = await GetCsvAsync($"/api/v1/benchmarks?{Window}&format=csv");
        var (_, downloaded) = await GetCsvAsync($"/api/v1/benchmarks/download?{Window}&format=csv");
        Assert.That(downloaded, Is.EqualTo(rows));
        Assert.That(rows, Has.Length.EqualTo(document.GetProperty("accounts").GetArrayLength()));
    }

    private async Task<(string[] Header, string[][] Rows)> GetCsvAsync(string url)
    {
        var response = await Reader.GetAsync(url);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
        // No value of these reports holds a comma, a quote or a line break, so a plain split reads them.
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (lines[0].Split(','), lines.Skip(1).Select(l => l.Split(',')).ToArray());
    }
}
