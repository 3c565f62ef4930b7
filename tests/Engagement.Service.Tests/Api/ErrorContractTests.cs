using System.Net;
using System.Text;
using Engagement.Service.Tests.Infrastructure;

namespace Engagement.Service.Tests.Api;

/// <summary>Problems a program can branch on: a stable type per kind, the offending parameter named, no .NET in the words.</summary>
public class ErrorContractTests : ApiFixture
{
    private const string Problems_ = "https://engagement.dev/problems/";

    [TestCase("/api/v1/reports/brands/ghost", HttpStatusCode.NotFound, "unknown-brand")]
    [TestCase("/api/v1/brands/ghost", HttpStatusCode.NotFound, "unknown-brand")]
    [TestCase("/api/v1/peer-sets/ghost", HttpStatusCode.NotFound, "unknown-peer-set")]
    [TestCase("/api/v1/reports/brands/pixel-nord?benchmark=peers:ghost", HttpStatusCode.NotFound, "unknown-peer-set")]
    [TestCase("/api/v1/reports/brands/pixel-nord?from=2026-13-01", HttpStatusCode.BadRequest, "invalid-parameter")]
    [TestCase("/api/v1/reports/compare?brands=pixel-nord,lachine-labs&benchmark=industry", HttpStatusCode.BadRequest, "brand-not-in-benchmark")]
    [TestCase("/api/v1/reports/brands/pixel-nord?from=2000-01-01&to=2000-02-01&benchmark=industry:nobody", HttpStatusCode.NotFound, "unknown-industry")]
    [TestCase("/api/v1/nothing-here", HttpStatusCode.NotFound, "not-found")]
    public async Task Each_kind_of_problem_has_its_own_type(string url, HttpStatusCode status, string kind)
    {
        var problem = await Problems.AssertAsync(await Reader.GetAsync(url), status);
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo(Problems_ + kind));
    }

    [Test]
    public async Task Authentication_problems_have_their_types()
    {
        var missing = await Problems.AssertAsync(await Anonymous.GetAsync("/api/v1/brands"), HttpStatusCode.Unauthorized);
        Assert.That(missing.GetProperty("type").GetString(), Is.EqualTo(Problems_ + "unauthenticated"));
        var forbidden = await Problems.AssertAsync(await Reader.DeleteAsync("/api/v1/brands/pixel-nord"), HttpStatusCode.Forbidden);
        Assert.That(forbidden.GetProperty("type").GetString(), Is.EqualTo(Problems_ + "forbidden"));
    }

    [TestCase("minEffort=abc", "minEffort", "'abc' is not an integer")]
    [TestCase("minUserPosts=1.5", "minUserPosts", "'1.5' is not an integer")]
    [TestCase("minEffort=99999999999", "minEffort", "is not an integer")]
    public async Task A_parameter_of_the_wrong_type_is_named_in_the_api_s_words(string query, string parameter, string words)
    {
        var response = await Reader.GetAsync($"/api/v1/reports/brands/pixel-nord?{query}");
        var text = await response.Content.ReadAsStringAsync();
        var problem = await Problems.AssertInvalidAsync(response, parameter);
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain(words));
            Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo(Problems_ + "invalid-parameter"));
            Assert.That(text, Does.Not.Contain("Nullable").And.Not.Contain("Int32").And.Not.Contain("System.").And.Not.Contain("MinEffort"));
        });
    }

    [TestCase("/api/v1/brands", """{ "id": "x-unknown", "name": "X", "colour": "red" }""", "colour")]
    [TestCase("/api/v1/brands", """{ "id": "x-unknown", "name": "X", "accounts": [] }""", "accounts")]
    public async Task An_unknown_body_field_is_a_400_naming_it(string url, string body, string field)
    {
        var response = await Admin.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        var problem = await Problems.AssertInvalidAsync(response, field);
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo(Problems_ + "invalid-body"));
        Assert.That(text, Does.Not.Contain("Engagement.").And.Not.Contain(".NET"));
    }

    [TestCase("/api/v1/brands", "POST", """{ "name": "No id" }""", "id")]
    [TestCase("/api/v1/brands", "POST", """{ "id": "no-name" }""", "name")]
    [TestCase("/api/v1/brands", "POST", """{ "id": 5, "name": "Number" }""", "id")]
    [TestCase("/api/v1/peer-sets/required", "PUT", """{ }""", "brands")]
    [TestCase("/api/v1/peer-sets/required", "PUT", """{ "brands": "pixel-nord" }""", "brands")]
    [TestCase("/api/v1/brands/pixel-nord/accounts/mastodon", "PUT", """{ }""", "handle")]
    public async Task A_missing_or_mistyped_body_field_is_a_400_naming_it(string url, string method, string body, string field)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        var response = await Admin.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        await Problems.AssertInvalidAsync(response, field);
        Assert.That(text, Does.Not.Contain("System.").And.Not.Contain("Engagement."));
    }
}
