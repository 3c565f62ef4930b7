using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Engagement.Service.Tests.Infrastructure;

namespace Engagement.Service.Tests.Api;

public class HealthTests : ApiFixture
{
    [Test]
    public async Task Health_without_a_key_reports_the_store_schema()
    {
        var response = await Anonymous.GetAsync("/health");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("ok"));
            Assert.That(body.GetProperty("schemaVersion").GetInt32(), Is.GreaterThanOrEqualTo(1));
        });
    }

    [Test]
    public async Task Unknown_route_is_a_problem_404()
    {
        await Problems.AssertAsync(await Admin.GetAsync("/api/v1/nothing-here"), HttpStatusCode.NotFound);
    }
}
