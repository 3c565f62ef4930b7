using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engagement.Service.Tests.Infrastructure;

namespace Engagement.Service.Tests.Api;

/// <summary>
/// Object-level authorisation (OWASP API1), swept over every operation of the live OpenAPI
/// document: a key of another workspace naming the victim's objects, and a brand-restricted key
/// naming a brand of its own workspace it is not given, get exactly what they would get for an
/// object that does not exist: 404 (no existence leak), and the victim's objects are unchanged.
/// A new route is swept as soon as it is in the document; a path parameter the sweep cannot fill fails it.
/// </summary>
public class ObjectAuthorisationTests : ApiFixture
{
    private const string Victim = "victim";
    private const string Intruder = "intruder";
    private JsonNode _document = null!;
    private long _victimKeyId;
    private (string Schedule, string Rule, string Delivery) _victimDeliveries;
    private HttpClient _victimOwner = null!;
    private HttpClient _intruderOwner = null!;
    private HttpClient _restricted = null!;

    [OneTimeSetUp]
    public async Task CreateWorkspacesAsync()
    {
        _document = JsonNode.Parse(await Anonymous.GetStringAsync("/openapi/v1.json"))!;
        foreach (var workspace in new[] { Victim, Intruder })
        {
            await ExpectAsync(Admin.PostAsJsonAsync("/api/v1/workspaces", new { name = workspace }), HttpStatusCode.Created);
        }

        _victimOwner = Client(await SecretAsync(Admin, new { name = "victim-owner", role = "owner", workspace = Victim }));
        await ExpectAsync(_victimOwner.PostAsJsonAsync("/api/v1/brands", new { id = "victim-brand", name = "Victim" }), HttpStatusCode.Created);
        await ExpectAsync(_victimOwner.PutAsJsonAsync("/api/v1/brands/victim-brand/accounts/mastodon", new { handle = "victim@mastodon.example" }), HttpStatusCode.Created);
        await ExpectAsync(_victimOwner.PutAsJsonAsync("/api/v1/peer-sets/victim-set", new { brands = new[] { "victim-brand" } }), HttpStatusCode.Created);
        var viewer = await _victimOwner.PostAsJsonAsync("/api/v1/keys", new { name = "victim-viewer", role = "viewer" });
        _victimKeyId = (await ReadAsync(viewer, HttpStatusCode.Created)).GetProperty("id").GetInt64();
        _victimDeliveries = await Deliveries.SchedulesApiTests.SeedDeliveriesAsync(_victimOwner, Factory.Services, "victim", "victim-brand", Victim);

        _intruderOwner = Client(await SecretAsync(Admin, new { name = "intruder-owner", role = "owner", workspace = Intruder }));
        foreach (var brand in new[] { "intruder-brand", "intruder-other" })
        {
            await ExpectAsync(_intruderOwner.PostAsJsonAsync("/api/v1/brands", new { id = brand, name = brand }), HttpStatusCode.Created);
        }

        await ExpectAsync(_intruderOwner.PutAsJsonAsync("/api/v1/brands/intruder-other/accounts/mastodon", new { handle = "other@mastodon.example" }), HttpStatusCode.Created);
        _restricted = Client(await SecretAsync(_intruderOwner, new { name = "client", role = "viewer", brands = new[] { "intruder-brand" } }));
    }

    [OneTimeTearDown]
    public void DisposeClients()
    {
        _victimOwner.Dispose();
        _intruderOwner.Dispose();
        _restricted.Dispose();
    }

    [Test]
    public async Task A_key_of_another_workspace_gets_404_on_every_route_that_names_the_victims_objects()
    {
        var failures = new List<string>();
        var swept = 0;
        // PUT of a peer set last: it creates the intruder's own set of that name, which DELETE would then find.
        foreach (var (method, template) in Operations().Where(o => o.Template.Contains('{', StringComparison.Ordinal))
                     .OrderBy(o => o.Method == "PUT" && o.Template == "/api/v1/peer-sets/{name}"))
        {
            var victims = Fill(template, "victim-brand", "victim-set", Victim, VictimId(template));
            var nobody = Fill(template, "no-such-brand", "no-such-set", "no-such-workspace", "999999");
            using var answer = await SendAsync(_intruderOwner, method, victims, template);
            var text = await answer.Content.ReadAsStringAsync();
            swept++;
            if (method == "PUT" && template == "/api/v1/peer-sets/{name}")
            {
                // A peer set's name is its workspace's own: the intruder creates its own set of that name (removed again).
                Expect(failures, method, victims, answer, HttpStatusCode.Created, text);
                await ExpectAsync(_intruderOwner.DeleteAsync(victims), HttpStatusCode.NoContent);
                continue;
            }

            Expect(failures, method, victims, answer, HttpStatusCode.NotFound, text);
            using var missing = await SendAsync(_intruderOwner, method, nobody, template);
            await SameAsMissingAsync(failures, method, victims, text, missing, ("victim-brand", "no-such-brand"), ("victim-set", "no-such-set"),
                (Victim, "no-such-workspace"), (VictimId(template), "999999"));
        }

        Assert.That(swept, Is.GreaterThanOrEqualTo(15), "the document's routes with path parameters");
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
        await VictimIsUnchangedAsync();
    }

    [Test]
    public async Task Query_parameters_that_name_objects_are_authorised_like_paths()
    {
        var cases = new[]
        {
            "/api/v1/reports/compare?brands=victim-brand",
            "/api/v1/reports/compare?brands=intruder-brand,victim-brand",
            "/api/v1/reports/brands/intruder-brand?benchmark=peers:victim-set",
            "/api/v1/reports/brands/intruder-brand/trend?benchmark=peers:victim-set",
            "/api/v1/benchmarks?benchmark=peers:victim-set",
            "/api/v1/benchmarks/download?benchmark=peers:victim-set",
        };
        foreach (var url in cases)
        {
            var victims = await _intruderOwner.GetAsync(url);
            var missing = await _intruderOwner.GetAsync(url.Replace("victim-brand", "no-such-brand", StringComparison.Ordinal).Replace("victim-set", "no-such-set", StringComparison.Ordinal));
            var problem = await Problems.AssertAsync(victims, HttpStatusCode.NotFound);
            var other = await Problems.AssertAsync(missing, HttpStatusCode.NotFound);
            Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo(other.GetProperty("type").GetString()), url);
        }
    }

    [Test]
    public async Task A_brand_restricted_key_gets_404_on_every_route_that_names_another_brand_of_its_workspace()
    {
        var failures = new List<string>();
        foreach (var (method, template) in Operations().Where(o => o.Template.Contains("{brand}", StringComparison.Ordinal)))
        {
            var other = Fill(template, "intruder-other", "-", "-", "-");
            var nobody = Fill(template, "no-such-brand", "-", "-", "-");
            using var answer = await SendAsync(_restricted, method, other, template);
            var text = await answer.Content.ReadAsStringAsync();
            using var missing = await SendAsync(_restricted, method, nobody, template);

            // A viewer never writes: a write route is 403 whatever it names, the same for a brand that
            // does not exist, so the 403 says nothing about the object. Every read is 404.
            Expect(failures, method, other, answer, method == "GET" ? HttpStatusCode.NotFound : HttpStatusCode.Forbidden, text);
            await SameAsMissingAsync(failures, method, other, text, missing, ("intruder-other", "no-such-brand"));
        }

        foreach (var url in new[] { "/api/v1/reports/compare?brands=intruder-other", "/api/v1/reports/compare?brands=intruder-brand,intruder-other" })
        {
            await Problems.AssertAsync(await _restricted.GetAsync(url), HttpStatusCode.NotFound);
        }

        Assert.That(failures, Is.Empty, string.Join("\n", failures));
        Assert.That((await _restricted.GetAsync("/api/v1/reports/brands/intruder-brand?minEffort=0&minUserPosts=0")).StatusCode,
            Is.Not.EqualTo(HttpStatusCode.NotFound), "its own brand is reported (scored against the whole benchmark)");
    }

    [Test]
    public async Task Lists_hold_only_the_callers_objects()
    {
        foreach (var list in new[] { "/api/v1/brands", "/api/v1/accounts", "/api/v1/peer-sets", "/api/v1/keys", "/api/v1/collectors", "/api/v1/schedules", "/api/v1/alert-rules", "/api/v1/deliveries" })
        {
            var intruder = await ReadAsync(await _intruderOwner.GetAsync($"{list}?limit=1000"), HttpStatusCode.OK);
            Assert.That(intruder.ToString(), Does.Not.Contain("victim-brand").And.Not.Contain("victim-viewer").And.Not.Contain("victim@").And.Not.Contain("-victim"), list);
        }

        // The intruder's own attempts name the victim's ids (that is what it sent); the victim's entries are not there.
        var audit = await ReadAsync(await _intruderOwner.GetAsync("/api/v1/audit?limit=1000"), HttpStatusCode.OK);
        Assert.That(audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("workspace").GetString()).Distinct(), Is.EqualTo(new[] { Intruder }));

        var brands = await ReadAsync(await _restricted.GetAsync("/api/v1/brands"), HttpStatusCode.OK);
        Assert.That(brands.GetProperty("items").EnumerateArray().Select(b => b.GetProperty("id").GetString()), Is.EqualTo(new[] { "intruder-brand" }));
        var accounts = await ReadAsync(await _restricted.GetAsync("/api/v1/accounts"), HttpStatusCode.OK);
        Assert.That(accounts.GetProperty("items").GetArrayLength(), Is.Zero, "intruder-other's account is not the client's");
    }

    private async Task VictimIsUnchangedAsync()
    {
        var brand = await ReadAsync(await _victimOwner.GetAsync("/api/v1/brands/victim-brand"), HttpStatusCode.OK);
        Assert.That(brand.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("handle").GetString()), Is.EqualTo(new[] { "victim@mastodon.example" }));
        var set = await ReadAsync(await _victimOwner.GetAsync("/api/v1/peer-sets/victim-set"), HttpStatusCode.OK);
        Assert.That(set.GetProperty("brands").EnumerateArray().Select(b => b.GetString()), Is.EqualTo(new[] { "victim-brand" }));
        var key = await ReadAsync(await _victimOwner.GetAsync($"/api/v1/keys/{_victimKeyId}"), HttpStatusCode.OK);
        Assert.That(key.GetProperty("revokedAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
        await ExpectAsync(Admin.GetAsync($"/api/v1/workspaces/{Victim}"), HttpStatusCode.OK);
        var schedule = await ReadAsync(await _victimOwner.GetAsync($"/api/v1/schedules/{_victimDeliveries.Schedule}"), HttpStatusCode.OK);
        Assert.That(schedule.GetProperty("name").GetString(), Is.EqualTo("schedule-victim"), "not edited by the intruder");
        var rule = await ReadAsync(await _victimOwner.GetAsync($"/api/v1/alert-rules/{_victimDeliveries.Rule}"), HttpStatusCode.OK);
        Assert.That(rule.GetProperty("name").GetString(), Is.EqualTo("rule-victim"), "not edited by the intruder");
        await ExpectAsync(_victimOwner.GetAsync($"/api/v1/deliveries/{_victimDeliveries.Delivery}"), HttpStatusCode.OK);
    }

    // The victim's object a route's {id} names: a key, a schedule, an alert rule or a delivery.
    private string VictimId(string template) => template switch
    {
        _ when template.StartsWith("/api/v1/schedules/", StringComparison.Ordinal) => _victimDeliveries.Schedule,
        _ when template.StartsWith("/api/v1/alert-rules/", StringComparison.Ordinal) => _victimDeliveries.Rule,
        _ when template.StartsWith("/api/v1/deliveries/", StringComparison.Ordinal) => _victimDeliveries.Delivery,
        _ => _victimKeyId.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private IEnumerable<(string Method, string Template)> Operations() =>
        _document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject()
                .Where(operation => operation.Key is "get" or "post" or "put" or "delete" or "patch")
                .Select(operation => (operation.Key.ToUpperInvariant(), path.Key)))
            .Where(operation => operation.Item2.StartsWith("/api/v1/", StringComparison.Ordinal));

    private static string Fill(string template, string brand, string peerSet, string workspace, string keyId)
    {
        var url = template
            .Replace("{brand}", brand, StringComparison.Ordinal)
            .Replace("{network}", "mastodon", StringComparison.Ordinal)
            .Replace("{id}", keyId, StringComparison.Ordinal)
            .Replace("{name}", template.StartsWith("/api/v1/workspaces", StringComparison.Ordinal) ? workspace : peerSet, StringComparison.Ordinal);
        Assert.That(url, Does.Not.Contain("{"), $"the sweep cannot fill a path parameter of {template}: teach it");
        return url;
    }

    // A body the route would accept from its own workspace, so a 404 is never a 400 in disguise.
    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string url, string template)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        request.Content = (method, template) switch
        {
            ("PUT", "/api/v1/brands/{brand}/accounts/{network}") => JsonContent.Create(new { handle = "sweep@mastodon.example" }),
            ("PUT", "/api/v1/peer-sets/{name}") => JsonContent.Create(new { brands = new[] { "intruder-brand" } }),
            ("PUT", "/api/v1/schedules/{id}") => JsonContent.Create(new { name = "sweep", cadence = "weekly", brands = new[] { "intruder-brand" }, webhookUrl = "https://hooks.agency.example/sweep" }),
            ("PUT", "/api/v1/alert-rules/{id}") => JsonContent.Create(new { name = "sweep", kind = "score-drop", brand = "intruder-brand", threshold = 5, webhookUrl = "https://hooks.agency.example/sweep" }),
            _ => null,
        };
        return client.SendAsync(request);
    }

    private static void Expect(List<string> failures, string method, string url, HttpResponseMessage answer, HttpStatusCode status, string text)
    {
        if (answer.StatusCode != status)
        {
            failures.Add($"{method} {url}: {(int)answer.StatusCode}, expected {(int)status}: {text}");
        }
    }

    // The answer about the other's object is the answer about no object at all, up to the ids named.
    private static async Task SameAsMissingAsync(
        List<string> failures, string method, string url, string text, HttpResponseMessage missing, params (string Real, string Missing)[] ids)
    {
        var expected = await missing.Content.ReadAsStringAsync();
        foreach (var (real, absent) in ids)
        {
            expected = expected.Replace(absent, real, StringComparison.Ordinal);
        }

        if (Normalise(expected) != Normalise(text))
        {
            failures.Add($"{method} {url}: differs from the answer for a missing object:\n  {text}\n  {expected}");
        }
    }

    // traceId differs per request.
    private static string Normalise(string problem) => System.Text.RegularExpressions.Regex.Replace(problem, "\"traceId\":\"[^\"]*\"", "");

    private static async Task<string> SecretAsync(HttpClient owner, object key) =>
        (await ReadAsync(await owner.PostAsJsonAsync("/api/v1/keys", key), HttpStatusCode.Created)).GetProperty("secret").GetString()!;

    private static async Task ExpectAsync(Task<HttpResponseMessage> send, HttpStatusCode status) => await ReadAsync(await send, status);

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), text);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
