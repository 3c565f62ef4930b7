using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Engagement.Service.Tests.Infrastructure;

namespace Engagement.Service.Tests.Api;

public class PeerSetsApiTests : ApiFixture
{
    [Test]
    public async Task Put_new_set_is_201_then_listed_sorted_and_200_when_replaced()
    {
        var created = await Admin.PutAsJsonAsync("/api/v1/peer-sets/test-rivals", new { brands = new[] { "pixel-nord", "mile-end-digital", "pixel-nord" } });
        var replaced = await Admin.PutAsJsonAsync("/api/v1/peer-sets/test-rivals", new { brands = new[] { "pixel-nord", "lachine-labs" } });
        var set = await Reader.GetFromJsonAsync<JsonElement>("/api/v1/peer-sets/test-rivals");
        var list = (await Reader.GetFromJsonAsync<JsonElement>("/api/v1/peer-sets")).GetProperty("items");
        Assert.Multiple(() =>
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(created.Headers.Location?.ToString(), Is.EqualTo("/api/v1/peer-sets/test-rivals"));
            Assert.That(replaced.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(set.GetProperty("brands").EnumerateArray().Select(b => b.GetString()), Is.EqualTo(new[] { "lachine-labs", "pixel-nord" }));
            Assert.That(list.EnumerateArray().Select(s => s.GetProperty("name").GetString()), Does.Contain("test-rivals"));
        });
    }

    [Test]
    public async Task Peer_set_is_a_benchmark_of_its_brands_plus_the_subject()
    {
        await Admin.PutAsJsonAsync("/api/v1/peer-sets/test-bench", new { brands = new[] { "pixel-nord", "mile-end-digital" } });
        var report = await Reader.GetFromJsonAsync<JsonElement>("/api/v1/reports/brands/plateau-pixels?benchmark=peers:test-bench");
        Assert.That(report.GetProperty("benchmark").GetString(), Is.EqualTo("peers:test-bench"));
        Assert.That(report.GetProperty("benchmarkBrands").GetInt32(), Is.EqualTo(3));
    }

    [Test]
    public async Task Put_with_unknown_brand_is_a_400_naming_brands()
    {
        var response = await Admin.PutAsJsonAsync("/api/v1/peer-sets/test-ghosts", new { brands = new[] { "pixel-nord", "ghost" } });
        var problem = await Problems.AssertInvalidAsync(response, "brands");
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("ghost"));
    }

    [Test]
    public async Task Put_without_brands_is_a_400_naming_brands()
    {
        await Problems.AssertInvalidAsync(await Admin.PutAsJsonAsync("/api/v1/peer-sets/test-empty", new { brands = Array.Empty<string>() }), "brands");
    }

    [Test]
    public async Task Put_with_invalid_name_is_a_400_naming_it()
    {
        await Problems.AssertInvalidAsync(await Admin.PutAsJsonAsync("/api/v1/peer-sets/Bad%20Name", new { brands = new[] { "pixel-nord" } }), "name");
    }

    [Test]
    public async Task Delete_set_is_204_then_404()
    {
        await Admin.PutAsJsonAsync("/api/v1/peer-sets/test-gone", new { brands = new[] { "pixel-nord" } });
        var deleted = await Admin.DeleteAsync("/api/v1/peer-sets/test-gone");
        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await Problems.AssertAsync(await Admin.DeleteAsync("/api/v1/peer-sets/test-gone"), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await Reader.GetAsync("/api/v1/peer-sets/test-gone"), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Unknown_peer_set_as_benchmark_is_a_404()
    {
        await Problems.AssertAsync(await Reader.GetAsync("/api/v1/reports/brands/pixel-nord?benchmark=peers:nobody"), HttpStatusCode.NotFound);
    }
}
