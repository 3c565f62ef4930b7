using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engagement.Service.Tests.Infrastructure;
using Json.Schema;

namespace Engagement.Service.Tests.Contract;

/// <summary>
/// Every GET route's real answers (successes, pages, problems) validated against the schema the
/// OpenAPI document declares for that status and media type, as JSON Schema 2020-12 with formats
/// checked. The document's object schemas forbid undeclared fields, so an extra field fails too.
/// </summary>
public class SchemaValidationTests : ApiFixture
{
    private const string PeerSet = "schema-set";
    private JsonNode _document = null!;
    private JsonObject _defs = null!;
    private readonly HashSet<string> _exercised = new(StringComparer.Ordinal);
    private string _keyId = "";

    private static readonly Dictionary<string, string[]> Queries = new(StringComparer.Ordinal)
    {
        ["/health"] = [""],
        ["/health/ready"] = [""],
        ["/health/live"] = [""],
        ["/api/v1/brands"] = ["", "?limit=5"],
        ["/api/v1/brands/{brand}"] = [""],
        ["/api/v1/accounts"] = ["", "?limit=10"],
        ["/api/v1/peer-sets"] = ["", "?limit=1"],
        ["/api/v1/peer-sets/{name}"] = [""],
        ["/api/v1/collectors"] = ["", "?limit=3", "?network=mastodon"],
        ["/api/v1/reports/brands/{brand}"] = ["", "?benchmark=industry", "?minEffort=0&minUserPosts=0", $"?benchmark=peers:{PeerSet}"],
        ["/api/v1/reports/compare"] = ["?brands=pixel-nord,mile-end-digital,studio-saint-laurent", "?brands=pixel-nord&from=2026-10-01&to=2026-11-01"],
        ["/api/v1/reports/brands/{brand}/trend"] = ["?granularity=week", "?granularity=month"],
        ["/api/v1/benchmarks"] = ["?limit=7", "?benchmark=industry:agency"],
        ["/api/v1/benchmarks/download"] = ["", "?benchmark=industry:agency"],
        ["/api/v1/keys"] = ["", "?limit=1"],
        ["/api/v1/keys/{id}"] = [""],
        ["/api/v1/workspaces"] = ["", "?limit=1"],
        ["/api/v1/workspaces/{name}"] = [""],
        ["/api/v1/audit"] = ["", "?limit=1"],
        ["/api/v1/schedules"] = ["", "?limit=1"],
        ["/api/v1/schedules/{id}"] = [""],
        ["/api/v1/schedules/{id}/runs"] = [""],
        ["/api/v1/alert-rules"] = [""],
        ["/api/v1/alert-rules/{id}"] = [""],
        ["/api/v1/deliveries"] = ["", "?limit=1"],
        ["/api/v1/deliveries/{id}"] = [""],
    };

    // Routes of keys, workspaces and the audit log need more than a viewer key.
    private static readonly string[] AdminTemplates = ["/api/v1/keys", "/api/v1/keys/{id}", "/api/v1/workspaces", "/api/v1/workspaces/{name}", "/api/v1/audit"];

    /// <summary>The id each {id} route is asked for: things the set-up creates.</summary>
    private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);

    [OneTimeSetUp]
    public async Task ReadDocumentAsync()
    {
        _document = JsonNode.Parse(await Anonymous.GetStringAsync("/openapi/v1.json"))!;
        _defs = (JsonObject)Rewrite(_document["components"]!["schemas"]!.DeepClone());
        var created = await Admin.PutAsJsonAsync($"/api/v1/peer-sets/{PeerSet}", new { brands = new[] { "mile-end-digital", "plateau-pixels" } });
        Assert.That(created.IsSuccessStatusCode, Is.True);

        // A key with an expiry and a brand restriction, so their fields are validated filled in too; the writes above fill the audit log.
        var key = await Admin.PostAsJsonAsync("/api/v1/keys", new { name = "schema-key", role = "viewer", brands = new[] { "pixel-nord" }, expiresAt = "2099-01-01T00:00:00Z" });
        Assert.That(key.StatusCode, Is.EqualTo(HttpStatusCode.Created), await key.Content.ReadAsStringAsync());
        _keyId = JsonNode.Parse(await key.Content.ReadAsStringAsync())!["id"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture);
        _ids["/api/v1/keys/{id}"] = _keyId;
        var (schedule, rule, delivery) = await Deliveries.SchedulesApiTests.SeedDeliveriesAsync(Admin, Factory.Services);
        _ids["/api/v1/schedules/{id}"] = _ids["/api/v1/schedules/{id}/runs"] = schedule;
        _ids["/api/v1/alert-rules/{id}"] = rule;
        _ids["/api/v1/deliveries/{id}"] = delivery;
    }

    [Test]
    public async Task Every_get_answer_matches_its_declared_schema()
    {
        var failures = new List<string>();
        foreach (var template in GetTemplates())
        {
            Assert.That(Queries.ContainsKey(template), Is.True, $"no requests listed for GET {template}");
            foreach (var query in Queries[template])
            {
                var url = template.Replace("{brand}", "pixel-nord", StringComparison.Ordinal)
                    .Replace("{name}", template.StartsWith("/api/v1/workspaces", StringComparison.Ordinal) ? "default" : PeerSet, StringComparison.Ordinal)
                    .Replace("{id}", _ids.GetValueOrDefault(template, "0"), StringComparison.Ordinal) + query;
                var client = AdminTemplates.Contains(template) ? Admin : Reader;
                var pages = 0;
                for (string? next = url; next is not null && pages < 20; pages++)
                {
                    var body = await CheckAsync(template, client, HttpMethod.Get, next, failures);
                    next = body?["next"]?.GetValue<string>();
                }
            }
        }

        Assert.That(failures, Is.Empty);
        Assert.That(_exercised, Is.EquivalentTo(GetTemplates().Select(t => $"{t} 200")));
    }

    [Test]
    public async Task Problems_match_the_declared_problem_schema()
    {
        var failures = new List<string>();
        var cases = new (string Template, HttpClient Client, string Url, HttpStatusCode Status, string? Accept)[]
        {
            ("/api/v1/reports/brands/{brand}", Reader, "/api/v1/reports/brands/ghost", HttpStatusCode.NotFound, null),
            ("/api/v1/reports/brands/{brand}", Reader, "/api/v1/reports/brands/pixel-nord?minEffort=abc", HttpStatusCode.BadRequest, null),
            ("/api/v1/reports/brands/{brand}", Reader, "/api/v1/reports/brands/pixel-nord?dataVersion=1", HttpStatusCode.Conflict, null),
            ("/api/v1/reports/brands/{brand}", Reader, "/api/v1/reports/brands/pixel-nord", HttpStatusCode.NotAcceptable, "image/png"),
            ("/api/v1/brands", Anonymous, "/api/v1/brands", HttpStatusCode.Unauthorized, null),
            ("/api/v1/brands", Reader, "/api/v1/brands?limit=0", HttpStatusCode.BadRequest, null),
            ("/api/v1/brands/{brand}", Reader, "/api/v1/brands/ghost", HttpStatusCode.NotFound, null),
            ("/api/v1/peer-sets/{name}", Reader, "/api/v1/peer-sets/ghost", HttpStatusCode.NotFound, null),
            ("/api/v1/reports/compare", Reader, "/api/v1/reports/compare?brands=pixel-nord,ghost", HttpStatusCode.NotFound, null),
            ("/api/v1/benchmarks", Reader, "/api/v1/benchmarks?cursor=not-a-cursor!", HttpStatusCode.BadRequest, null),
            ("/api/v1/keys", Reader, "/api/v1/keys", HttpStatusCode.Forbidden, null),
            ("/api/v1/keys/{id}", Admin, "/api/v1/keys/999999", HttpStatusCode.NotFound, null),
            ("/api/v1/workspaces/{name}", Reader, "/api/v1/workspaces/ghost", HttpStatusCode.NotFound, null),
            ("/api/v1/audit", Admin, "/api/v1/audit?cursor=not-a-cursor!", HttpStatusCode.BadRequest, null),
        };
        foreach (var (template, client, url, status, accept) in cases)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (accept is not null)
            {
                request.Headers.Accept.ParseAdd(accept);
            }

            using var response = await client.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(status), url);
            await ValidateAsync(template, "get", response, failures, url);
        }

        Assert.That(failures, Is.Empty);
    }

    private async Task<JsonNode?> CheckAsync(string template, HttpClient client, HttpMethod method, string url, List<string> failures)
    {
        using var response = await client.SendAsync(new HttpRequestMessage(method, url));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{url}: {await response.Content.ReadAsStringAsync()}");
        _exercised.Add($"{template} 200");
        return await ValidateAsync(template, method.Method.ToLowerInvariant(), response, failures, url);
    }

    /// <summary>Validates the body against the schema declared for its status and media type; returns the body.</summary>
    private async Task<JsonNode?> ValidateAsync(string template, string method, HttpResponseMessage response, List<string> failures, string url)
    {
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var media = response.Content.Headers.ContentType?.MediaType ?? "";
        var declared = _document["paths"]![template]![method]!["responses"]![status];
        if (declared is null)
        {
            failures.Add($"{url}: status {status} is not declared");
            return null;
        }

        var schemaNode = declared["content"]?[media]?["schema"];
        if (schemaNode is null)
        {
            failures.Add($"{url}: {status} {media} is not declared");
            return null;
        }

        var text = await response.Content.ReadAsStringAsync();
        using var body = JsonDocument.Parse(text);
        var wrapper = (JsonObject)Rewrite(schemaNode.DeepClone());
        wrapper["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        wrapper["$defs"] = _defs.DeepClone();
        var schema = JsonSchema.FromText(wrapper.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        var result = schema.Evaluate(body.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (!result.IsValid)
        {
            var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}")).Take(5);
            failures.Add($"{url} ({status}): {string.Join("; ", errors)}");
        }

        return JsonNode.Parse(text);
    }

    private IEnumerable<string> GetTemplates() =>
        _document["paths"]!.AsObject().Where(p => p.Value!["get"] is not null).Select(p => p.Key);

    /// <summary>The OpenAPI references as references into the bundled <c>$defs</c>; OpenAPI's own number formats dropped (JSON Schema has none).</summary>
    private static JsonNode Rewrite(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (key == "$ref" && child is JsonValue reference)
                    {
                        obj[key] = reference.GetValue<string>().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
                    }
                    else if (key == "format" && child?.GetValue<string>() is "int32" or "int64" or "double" or "float" or "binary")
                    {
                        obj.Remove(key);
                    }
                    else if (child is not null && key is not "example" and not "examples")
                    {
                        Rewrite(child);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (child is not null)
                    {
                        Rewrite(child);
                    }
                }

                break;
        }

        return node;
    }
}
