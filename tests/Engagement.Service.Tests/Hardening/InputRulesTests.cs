using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Engagement.Service.Tests.Infrastructure;

namespace Engagement.Service.Tests.Hardening;

/// <summary>
/// Issue 12, items 2-4 through the API: instants out of range are rejected rows, error lists are
/// bounded, and names and handles follow one rule set. Before: a post dated 9999-12-31 was stored
/// and broke every report of the store (500); 98 MB of bad rows answered 861 MB; a 20 MB name and
/// handles with NUL, newlines or 140,000 characters were stored and could not be exported and imported again.
/// </summary>
public class InputRulesTests : ApiFixture
{
    [Test]
    public async Task Posts_and_snapshots_dated_out_of_range_are_rejected_with_the_reason_and_reports_still_answer()
    {
        var posts = new StringBuilder("network,post_id,author,created_at\n")
            .Append("mastodon,far-future,pixelnord@mastodon.quebec,9999-12-31T23:59:59Z\n")
            .Append("mastodon,before-year-one,pixelnord@mastodon.quebec,0001-01-01T00:00:00+01:00\n")
            .Append("mastodon,last-century,pixelnord@mastodon.quebec,1999-12-31T23:59:59Z\n")
            .Append("mastodon,in-range,pixelnord@mastodon.quebec,2026-10-15T12:00:00Z\n");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(posts.ToString()), "posts", "posts.csv" },
            { new StringContent("network,handle,date,followers\nmastodon,pixelnord@mastodon.quebec,9999-12-31,5\n"), "followers", "followers.csv" },
        };
        var response = await Admin.PostAsync("/api/v1/imports", form);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var rejected = body.GetProperty("files").EnumerateArray()
            .SelectMany(f => f.GetProperty("rejectedRows").EnumerateArray())
            .Select(r => $"{r.GetProperty("file").GetString()}:{r.GetProperty("line").GetInt32()}:{r.GetProperty("column").GetString()}:{r.GetProperty("reason").GetString()}")
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.GetProperty("rejected").GetInt64(), Is.EqualTo(4));
            Assert.That(rejected.Select(r => string.Join(':', r.Split(':')[..3])),
                Is.EqualTo(new[] { "posts.csv:2:created_at", "posts.csv:3:created_at", "posts.csv:4:created_at", "followers.csv:2:date" }));
            Assert.That(rejected, Has.All.Contain("out of range"));
        });

        foreach (var route in new[] { "/api/v1/reports/brands/pixel-nord", "/api/v1/benchmarks", "/api/v1/reports/brands/pixel-nord/trend" })
        {
            var report = await Reader.GetAsync(route);
            Assert.That(report.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{route}: {await report.Content.ReadAsStringAsync()}");
        }
    }

    [Test]
    public async Task Rejections_are_counted_in_full_and_listed_up_to_1000()
    {
        var brands = new StringBuilder("brand,name\n");
        for (var i = 0; i < 1500; i++)
        {
            brands.Append("Bad Id ").Append(i).Append(",x\n");
        }

        using var form = new MultipartFormDataContent { { new StringContent(brands.ToString()), "brands", "brands.csv" } };
        var body = await (await Admin.PostAsync("/api/v1/imports", form)).Content.ReadFromJsonAsync<JsonElement>();
        var file = body.GetProperty("files")[0];
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("rejected").GetInt64(), Is.EqualTo(1500));
            Assert.That(file.GetProperty("rejected").GetInt64(), Is.EqualTo(1500));
            Assert.That(file.GetProperty("rejectedRows").GetArrayLength(), Is.EqualTo(1000));
            Assert.That(file.GetProperty("moreRejectedRows").GetInt64(), Is.EqualTo(500));
            Assert.That(file.GetProperty("rejectedRows")[999].GetProperty("line").GetInt32(), Is.EqualTo(1001));
        });
    }

    private static IEnumerable<TestCaseData> BadNames()
    {
        yield return new TestCaseData(new string('n', 20 * 1024 * 1024 / 8)).SetName("Brand_name_of_2.5_M_characters_is_a_400");
        yield return new TestCaseData("bell\u0007").SetName("Brand_name_with_a_control_character_is_a_400");
        yield return new TestCaseData("nul\0byte").SetName("Brand_name_with_NUL_is_a_400");
        yield return new TestCaseData("c1\u0085next line").SetName("Brand_name_with_a_C1_control_character_is_a_400");
    }

    [TestCaseSource(nameof(BadNames))]
    public async Task Brand_name_breaking_the_rules_is_a_400_naming_name(string name)
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/brands", new { id = "rules-name", name });
        await Problems.AssertInvalidAsync(response, "name");
        Assert.That((await Admin.GetAsync("/api/v1/brands/rules-name")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("mastodon", "probe@127.0.0.1:5397")]
    [TestCase("mastodon", "no-instance")]
    [TestCase("mastodon", "line\nbreak@mastodon.example")]
    [TestCase("mastodon", "nul\0@mastodon.example")]
    [TestCase("bluesky", "not a domain")]
    [TestCase("bluesky", "localhost")]
    [TestCase("youtube", "yt")]
    [TestCase("x", "has space")]
    [TestCase("x", "semi;colon")]
    [TestCase("x", "sixteen_chars_xx")]
    [TestCase("x", "acme.coffee")]
    [TestCase("instagram", "acme-coffee")]
    [TestCase("facebook", "-acme")]
    [TestCase("linkedin", "has space")]
    public async Task Handle_breaking_its_network_syntax_is_a_400_naming_handle(string network, string handle)
    {
        await Admin.PostAsJsonAsync("/api/v1/brands", new { id = "rules-handle", name = "Rules" });
        var response = await Admin.PutAsJsonAsync($"/api/v1/brands/rules-handle/accounts/{network}", new { handle });
        await Problems.AssertInvalidAsync(response, "handle");
    }

    [Test]
    public async Task Handle_of_140000_characters_is_a_400()
    {
        await Admin.PostAsJsonAsync("/api/v1/brands", new { id = "rules-long", name = "Rules" });
        var response = await Admin.PutAsJsonAsync("/api/v1/brands/rules-long/accounts/linkedin", new { handle = new string('h', 140_000) });
        await Problems.AssertInvalidAsync(response, "handle");
    }

    [TestCase("mastodon", "@Rules@Mastodon.Example", "rules@mastodon.example")]
    [TestCase("bluesky", "rules.bsky.social", "rules.bsky.social")]
    [TestCase("youtube", "@RulesChannel", "ruleschannel")]
    [TestCase("youtube", "UCabcdefghijklmnopqrstuv", "ucabcdefghijklmnopqrstuv")]
    [TestCase("x", "@AcmeCoffee", "acmecoffee")]
    [TestCase("instagram", "acme.coffee_", "acme.coffee_")]
    [TestCase("facebook", "AcmeCoffee", "acmecoffee")]
    [TestCase("facebook", "Acme-Coffee-123456789", "acme-coffee-123456789")]
    public async Task Handle_in_its_network_syntax_is_accepted(string network, string handle, string stored)
    {
        var brand = $"rules-ok-{network}-{stored.Length}";
        await Admin.PostAsJsonAsync("/api/v1/brands", new { id = brand, name = "Rules" });
        var response = await Admin.PutAsJsonAsync($"/api/v1/brands/{brand}/accounts/{network}", new { handle });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("handle").GetString(), Is.EqualTo(stored));
    }

    [Test]
    public async Task Csv_import_applies_the_same_rules_as_the_api()
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent($"brand,name\nrules-csv,\"{new string('n', 201)}\"\nrules-csv-ok,Fine\n"), "brands", "brands.csv" },
            { new StringContent("brand,network,handle\nrules-csv-ok,mastodon,probe@127.0.0.1:5397\nrules-csv-ok,bluesky,rules-csv.bsky.social\n"), "accounts", "accounts.csv" },
        };
        var body = await (await Admin.PostAsync("/api/v1/imports", form)).Content.ReadFromJsonAsync<JsonElement>();
        var rows = body.GetProperty("files").EnumerateArray().SelectMany(f => f.GetProperty("rejectedRows").EnumerateArray())
            .Select(r => $"{r.GetProperty("file").GetString()}:{r.GetProperty("line").GetInt32()}:{r.GetProperty("column").GetString()}").ToList();
        Assert.That(rows, Is.EqualTo(new[] { "brands.csv:2:name", "accounts.csv:2:handle" }), body.ToString());
        Assert.That(body.GetProperty("stored").GetInt64(), Is.EqualTo(2));
    }
}
