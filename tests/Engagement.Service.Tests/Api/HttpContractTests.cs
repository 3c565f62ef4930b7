using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Engagement.Service.Tests.Infrastructure;

namespace Engagement.Service.Tests.Api;

/// <summary>Paging, conditional requests, HEAD, compression, content negotiation and version pinning.</summary>
public class HttpContractTests : ApiFixture
{
    [TestCase("/api/v1/brands", "id")]
    [TestCase("/api/v1/accounts", "handle")]
    [TestCase("/api/v1/peer-sets", "name")]
    [TestCase("/api/v1/collectors", "handle")]
    public async Task A_list_pages_by_cursor_with_a_next_link_in_the_body_and_the_link_header(string list, string field)
    {
        await Admin.PutAsJsonAsync("/api/v1/peer-sets/paging-a", new { brands = new[] { "pixel-nord" } });
        await Admin.PutAsJsonAsync("/api/v1/peer-sets/paging-b", new { brands = new[] { "pixel-nord" } });
        using var whole = JsonDocument.Parse(await Reader.GetStringAsync($"{list}?limit=1000"));
        var expected = whole.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty(field).GetString()).ToList();
        Assert.That(expected, Has.Count.GreaterThan(1));

        var seen = new List<string?>();
        var pages = 0;
        for (string? next = $"{list}?limit=1"; next is not null; pages++)
        {
            using var response = await Reader.GetAsync(next);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            seen.AddRange(page.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty(field).GetString()));
            next = page.RootElement.GetProperty("next").GetString();
            var link = response.Headers.TryGetValues("Link", out var links) ? links.Single() : null;
            Assert.That(link, next is null ? Is.Null : Is.EqualTo($"<{next}>; rel=\"next\""));
        }

        Assert.That(seen, Is.EqualTo(expected));
        Assert.That(pages, Is.EqualTo(expected.Count));
    }

    [Test]
    public async Task A_cursor_of_an_older_data_version_is_gone()
    {
        using var first = JsonDocument.Parse(await Reader.GetStringAsync("/api/v1/brands?limit=2"));
        var next = first.RootElement.GetProperty("next").GetString()!;
        await Admin.PostAsJsonAsync("/api/v1/brands", new { id = "paging-moved", name = "Moved" });
        var problem = await Problems.AssertAsync(await Reader.GetAsync(next), HttpStatusCode.Gone);
        Assert.That(problem.GetProperty("type").GetString(), Does.EndWith("/problems/cursor-expired"));
    }

    [TestCase("limit=0", "limit")]
    [TestCase("limit=1001", "limit")]
    [TestCase("limit=abc", "limit")]
    [TestCase("cursor=%25%25", "cursor")]
    public async Task A_bad_paging_parameter_is_a_400_naming_it(string query, string parameter) =>
        await Problems.AssertInvalidAsync(await Reader.GetAsync($"/api/v1/brands?{query}"), parameter);

    [Test]
    public async Task The_benchmark_document_pages_add_up_to_the_download()
    {
        using var whole = JsonDocument.Parse(await Reader.GetStringAsync("/api/v1/benchmarks/download"));
        var accounts = new List<string>();
        var brands = new List<string>();
        for (string? next = "/api/v1/benchmarks?limit=4"; next is not null;)
        {
            using var page = JsonDocument.Parse(await Reader.GetStringAsync(next));
            accounts.AddRange(page.RootElement.GetProperty("accounts").EnumerateArray().Select(Compact));
            brands.AddRange(page.RootElement.GetProperty("brands").EnumerateArray().Select(Compact));
            Assert.That(Compact(page.RootElement.GetProperty("distribution")), Is.EqualTo(Compact(whole.RootElement.GetProperty("distribution"))));
            next = page.RootElement.GetProperty("next").GetString();
        }

        Assert.That(accounts, Is.EqualTo(whole.RootElement.GetProperty("accounts").EnumerateArray().Select(Compact)));
        Assert.That(brands, Is.EqualTo(whole.RootElement.GetProperty("brands").EnumerateArray().Select(Compact)));
    }

    private static string Compact(JsonElement element) => System.Text.Json.Nodes.JsonNode.Parse(element.GetRawText())!.ToJsonString();

    [Test]
    public async Task A_report_carries_an_etag_and_answers_if_none_match_with_304()
    {
        using var first = await Reader.GetAsync("/api/v1/reports/brands/pixel-nord");
        var etag = first.Headers.ETag!;
        Assert.Multiple(() =>
        {
            Assert.That(first.Headers.NonValidated["Cache-Control"].ToString(), Is.EqualTo("private, max-age=0, must-revalidate"));
            Assert.That(first.Headers.Vary, Is.SupersetOf(new[] { "Accept", "Accept-Encoding" }));
            Assert.That(first.Headers.GetValues("Engagement-Data-Version").Single(), Is.Not.Empty);
        });

        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/reports/brands/pixel-nord");
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await Reader.SendAsync(again);
        Assert.That(notModified.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        Assert.That(await notModified.Content.ReadAsByteArrayAsync(), Is.Empty);

        // Another query is another answer.
        using var other = new HttpRequestMessage(HttpMethod.Get, "/api/v1/reports/brands/pixel-nord?minEffort=0");
        other.Headers.IfNoneMatch.Add(etag);
        Assert.That((await Reader.SendAsync(other)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_write_changes_the_etag_and_the_data_version()
    {
        using var before = await Reader.GetAsync("/api/v1/reports/brands/pixel-nord");
        using var body = JsonDocument.Parse(await before.Content.ReadAsStringAsync());
        var version = body.RootElement.GetProperty("dataVersion").GetInt64();
        Assert.That(before.Headers.GetValues("Engagement-Data-Version").Single(), Is.EqualTo(version.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        await Admin.PostAsJsonAsync("/api/v1/brands", new { id = "etag-moved", name = "Moved" });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/reports/brands/pixel-nord");
        request.Headers.IfNoneMatch.Add(before.Headers.ETag!);
        using var after = await Reader.SendAsync(request);
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(after.Headers.ETag, Is.Not.EqualTo(before.Headers.ETag));

        // Pinned to the old version: the store has moved on.
        var problem = await Problems.AssertAsync(await Reader.GetAsync($"/api/v1/reports/brands/pixel-nord?dataVersion={version}"), HttpStatusCode.Conflict);
        Assert.That(problem.GetProperty("type").GetString(), Does.EndWith("/problems/data-version-moved"));
        var current = after.Headers.GetValues("Engagement-Data-Version").Single();
        Assert.That((await Reader.GetAsync($"/api/v1/reports/brands/pixel-nord?dataVersion={current}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("/api/v1/brands")]
    [TestCase("/api/v1/reports/brands/pixel-nord")]
    [TestCase("/api/v1/reports/compare?brands=pixel-nord&format=csv")]
    [TestCase("/health")]
    public async Task Head_answers_like_get_without_a_body(string url)
    {
        using var get = await Reader.GetAsync(url);
        using var head = await Reader.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        Assert.Multiple(async () =>
        {
            Assert.That(head.StatusCode, Is.EqualTo(get.StatusCode));
            Assert.That(head.Content.Headers.ContentType, Is.EqualTo(get.Content.Headers.ContentType));
            Assert.That(head.Headers.ETag, Is.EqualTo(get.Headers.ETag));
            Assert.That(await head.Content.ReadAsByteArrayAsync(), Is.Empty);
        });
    }

    [TestCase("br")]
    [TestCase("gzip")]
    public async Task Answers_are_compressed_when_asked(string encoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/benchmarks/download");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        using var response = await Reader.SendAsync(request);
        Assert.That(response.Content.Headers.ContentEncoding, Is.EqualTo(new[] { encoding }));
        await using var compressed = await response.Content.ReadAsStreamAsync();
        await using Stream plain = encoding == "br"
            ? new System.IO.Compression.BrotliStream(compressed, System.IO.Compression.CompressionMode.Decompress)
            : new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionMode.Decompress);
        using var document = await JsonDocument.ParseAsync(plain);
        Assert.That(document.RootElement.GetProperty("spec").GetString(), Is.EqualTo("scoring-v1"));
    }

    [TestCase("/api/v1/brands", "text/csv")]
    [TestCase("/api/v1/reports/brands/pixel-nord", "application/xml")]
    [TestCase("/api/v1/reports/brands/pixel-nord", "text/html, image/*")]
    [TestCase("/health", "text/plain")]
    public async Task An_accept_header_we_cannot_answer_is_406(string url, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        var problem = await Problems.AssertAsync(await Reader.SendAsync(request), HttpStatusCode.NotAcceptable);
        Assert.That(problem.GetProperty("type").GetString(), Does.EndWith("/problems/not-acceptable"));
    }

    [TestCase("/api/v1/reports/brands/pixel-nord", "text/csv", "text/csv")]
    [TestCase("/api/v1/reports/brands/pixel-nord", "*/*", "application/json")]
    [TestCase("/api/v1/brands", "application/*", "application/json")]
    public async Task An_accept_header_we_can_answer_is_answered(string url, string accept, string media)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await Reader.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(media));
    }

    [Test]
    public async Task Every_json_report_states_its_spec_and_data_version_and_csv_its_spec()
    {
        foreach (var url in new[] { "/api/v1/reports/brands/pixel-nord", "/api/v1/reports/compare?brands=pixel-nord", "/api/v1/reports/brands/pixel-nord/trend", "/api/v1/benchmarks" })
        {
            using var report = JsonDocument.Parse(await Reader.GetStringAsync(url));
            Assert.That(report.RootElement.GetProperty("spec").GetString(), Is.EqualTo("scoring-v1"), url);
            Assert.That(report.RootElement.GetProperty("dataVersion").GetInt64(), Is.Positive, url);
        }

        var csv = await Reader.GetStringAsync("/api/v1/reports/brands/pixel-nord?format=csv");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.EndWith(",spec"));
        Assert.That(lines.Skip(1), Has.All.EndWith(",scoring-v1"));
    }
}
