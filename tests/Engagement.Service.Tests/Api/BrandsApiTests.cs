using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Engagement.Service.Tests.Infrastructure;

namespace Engagement.Service.Tests.Api;

public class BrandsApiTests : ApiFixture
{
    [Test]
    public async Task List_with_a_read_key_returns_every_sample_brand_with_its_accounts()
    {
        var brands = (await Reader.GetFromJsonAsync<JsonElement>("/api/v1/brands")).GetProperty("items");
        var pixelNord = brands.EnumerateArray().Single(b => b.GetProperty("id").GetString() == "pixel-nord");
        Assert.Multiple(() =>
        {
            Assert.That(brands.EnumerateArray().Select(b => b.GetProperty("id").GetString()), Is.SupersetOf(Samples.FullyCovered.Append("plateau-pixels")));
            Assert.That(brands.GetArrayLength(), Is.GreaterThanOrEqualTo(12));
            Assert.That(pixelNord.GetProperty("name").GetString(), Is.EqualTo("Pixel Nord"));
            Assert.That(pixelNord.GetProperty("industry").GetString(), Is.EqualTo("agency"));
            Assert.That(pixelNord.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("network").GetString()),
                Is.EqualTo(new[] { "bluesky", "mastodon", "youtube" }));
        });
    }

    [Test]
    public async Task Get_known_brand_returns_it()
    {
        var brand = await Reader.GetFromJsonAsync<JsonElement>("/api/v1/brands/plateau-pixels");
        Assert.That(brand.GetProperty("name").GetString(), Is.EqualTo("Plateau Pixels"));
    }

    [Test]
    public async Task Get_unknown_brand_is_a_404_problem()
    {
        var problem = await Problems.AssertAsync(await Reader.GetAsync("/api/v1/brands/no-such-brand"), HttpStatusCode.NotFound);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("no-such-brand"));
    }

    [Test]
    public async Task Post_new_brand_is_201_with_location_then_200_when_replaced()
    {
        var created = await Admin.PostAsJsonAsync("/api/v1/brands", new { id = "test-new", name = "Test New", industry = "studio" });
        var replaced = await Admin.PostAsJsonAsync("/api/v1/brands", new { id = "test-new", name = "Test Renamed", industry = (string?)null });
        var brand = await Reader.GetFromJsonAsync<JsonElement>("/api/v1/brands/test-new");
        Assert.Multiple(() =>
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(created.Headers.Location?.ToString(), Is.EqualTo("/api/v1/brands/test-new"));
            Assert.That(replaced.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(brand.GetProperty("name").GetString(), Is.EqualTo("Test Renamed"));
            Assert.That(brand.GetProperty("industry").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [TestCase("""{ "id": "Not An Id", "name": "x" }""", "id")]
    [TestCase("""{ "name": "no id" }""", "id")]
    [TestCase("""{ "id": "test-noname" }""", "name")]
    [TestCase("""{ "id": "test-bad-industry", "name": "x", "industry": "Food & Drink" }""", "industry")]
    [TestCase("""{ "id": "test-broken", "name": """, "body")]
    [TestCase("""{ "id": 42, "name": "x" }""", "id")]
    public async Task Post_invalid_brand_is_a_400_naming_the_field(string json, string parameter)
    {
        var response = await Admin.PostAsync("/api/v1/brands", new StringContent(json, Encoding.UTF8, "application/json"));
        await Problems.AssertInvalidAsync(response, parameter);
    }

    [Test]
    public async Task Delete_brand_is_204_then_404()
    {
        await Admin.PostAsJsonAsync("/api/v1/brands", new { id = "test-doomed", name = "Doomed" });
        var deleted = await Admin.DeleteAsync("/api/v1/brands/test-doomed");
        var again = await Admin.DeleteAsync("/api/v1/brands/test-doomed");
        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await Problems.AssertAsync(again, HttpStatusCode.NotFound);
        await Problems.AssertAsync(await Reader.GetAsync("/api/v1/brands/test-doomed"), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Put_account_creates_repeats_and_replaces_it()
    {
        await Admin.PostAsJsonAsync("/api/v1/brands", new { id = "test-accounts", name = "Accounts" });
        var created = await Admin.PutAsJsonAsync("/api/v1/brands/test-accounts/accounts/mastodon", new { handle = "@First@Social.Example" });
        var repeated = await Admin.PutAsJsonAsync("/api/v1/brands/test-accounts/accounts/mastodon", new { handle = "first@social.example" });
        var replaced = await Admin.PutAsJsonAsync("/api/v1/brands/test-accounts/accounts/mastodon", new { handle = "second@social.example" });
        var brand = await Reader.GetFromJsonAsync<JsonElement>("/api/v1/brands/test-accounts");
        var first = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(first.GetProperty("handle").GetString(), Is.EqualTo("first@social.example"));
            Assert.That(repeated.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(replaced.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(brand.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("handle").GetString()),
                Is.EqualTo(new[] { "second@social.example" }));
        });
    }

    [Test]
    public async Task Put_account_of_another_brand_is_a_400_naming_the_handle()
    {
        await Admin.PostAsJsonAsync("/api/v1/brands", new { id = "test-thief", name = "Thief" });
        var response = await Admin.PutAsJsonAsync("/api/v1/brands/test-thief/accounts/mastodon", new { handle = "pixelnord@mastodon.quebec" });
        var problem = await Problems.AssertInvalidAsync(response, "handle");
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("pixel-nord"));
    }

    [Test]
    public async Task Put_account_of_unknown_brand_is_a_404()
    {
        var response = await Admin.PutAsJsonAsync("/api/v1/brands/no-such-brand/accounts/mastodon", new { handle = "x@y.z" });
        await Problems.AssertAsync(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Put_account_without_handle_is_a_400_naming_it()
    {
        var response = await Admin.PutAsJsonAsync("/api/v1/brands/plateau-pixels/accounts/youtube", new { handle = "" });
        await Problems.AssertInvalidAsync(response, "handle");
    }

    [Test]
    public async Task Delete_account_is_204_then_404()
    {
        await Admin.PostAsJsonAsync("/api/v1/brands", new { id = "test-unlink", name = "Unlink" });
        await Admin.PutAsJsonAsync("/api/v1/brands/test-unlink/accounts/bluesky", new { handle = "test-unlink.bsky.social" });
        var deleted = await Admin.DeleteAsync("/api/v1/brands/test-unlink/accounts/bluesky");
        var again = await Admin.DeleteAsync("/api/v1/brands/test-unlink/accounts/bluesky");
        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await Problems.AssertAsync(again, HttpStatusCode.NotFound);
    }
}
