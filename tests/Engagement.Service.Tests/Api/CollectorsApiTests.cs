using System.Net;
using System.Text.Json;
using Engagement.Service.Tests.Infrastructure;

namespace Engagement.Service.Tests.Api;

public class CollectorsApiTests : ApiFixture
{
    [Test]
    public async Task Collectors_lists_every_tracked_account_of_a_collected_network()
    {
        using var response = await Reader.GetAsync(new Uri("/api/v1/collectors", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var accounts = json.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.That(accounts, Has.Count.EqualTo(31), "every account of the samples");
        var plateau = accounts.Single(a => a.GetProperty("handle").GetString() == "plateaupixels@mastodon.quebec");
        Assert.That(plateau.GetProperty("brand").GetString(), Is.EqualTo("plateau-pixels"));
        Assert.That(plateau.GetProperty("lastSuccessAt").ValueKind, Is.EqualTo(JsonValueKind.Null), "never collected yet");
    }

    [Test]
    public async Task Collectors_narrows_to_one_network()
    {
        using var response = await Reader.GetAsync(new Uri("/api/v1/collectors?network=youtube", UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(json.RootElement.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("network").GetString()).Distinct(), Is.EqualTo(new[] { "youtube" }));
    }

    [Test]
    public async Task Collectors_needs_a_key()
    {
        using var response = await Anonymous.GetAsync(new Uri("/api/v1/collectors", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
