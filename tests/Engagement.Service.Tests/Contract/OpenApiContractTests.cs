using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Engagement.Service.Tests.Infrastructure;

namespace Engagement.Service.Tests.Contract;

/// <summary>The OpenAPI document says exactly what the service does, and Redocly's recommended rules find nothing wrong with it.</summary>
public partial class OpenApiContractTests : ApiFixture
{
    private JsonNode _document = null!;
    private string _text = "";

    [OneTimeSetUp]
    public async Task ReadDocumentAsync()
    {
        _text = await Anonymous.GetStringAsync("/openapi/v1.json");
        _document = JsonNode.Parse(_text)!;
    }

    [Test]
    public async Task Redocly_lint_with_the_recommended_rules_passes()
    {
        var redocly = await Tools.RedoclyAsync();
        var folder = Directory.CreateTempSubdirectory("engagement-redocly-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "openapi.json"), _text);
            await File.WriteAllTextAsync(Path.Combine(folder, "redocly.yaml"), "extends:\n  - recommended\n");
            var result = await Tools.RunAsync(
                redocly, ["lint", "openapi.json", "--config", "redocly.yaml", "--format", "stylish"], folder,
                new Dictionary<string, string> { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true" });
            Assert.That(result.ExitCode, Is.Zero, result.Output);
            Assert.That(result.Output, Does.Contain("valid").And.Not.Contains(" error "), result.Output);

            // The only warnings left: the project has no licence for the document to name, and the
            // test host's server URL is localhost (the document names the host it is served from).
            var warnings = result.Output.Split('\n').Where(line => line.Contains(" warning ", StringComparison.Ordinal)).ToList();
            Assert.That(warnings, Has.All.Contains("info-license").Or.Contains("no-server-example.com"), result.Output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void Numbers_are_numbers_and_counts_integers_only()
    {
        var problems = new List<string>();
        foreach (var (path, schema) in Schemas(_document, "$"))
        {
            var types = Types(schema);
            if (schema["format"]?.GetValue<string>() is "double" or "float" && !types.Contains("number"))
            {
                problems.Add($"{path}: a double without type number");
            }

            if (types.Contains("integer") && types.Contains("string"))
            {
                problems.Add($"{path}: integer | string");
            }

            if (schema["format"]?.GetValue<string>() is "int32" or "int64" && schema["pattern"] is not null)
            {
                problems.Add($"{path}: an integer with a string pattern");
            }
        }

        Assert.That(problems, Is.Empty);
        var measures = _document["components"]!["schemas"]!["AccountMeasures"]!["properties"]!;
        Assert.Multiple(() =>
        {
            Assert.That(Types(measures["impact"]!), Is.EquivalentTo(new[] { "number", "null" }), "a KPI can be null");
            Assert.That(Types(measures["postsPerDay"]!), Is.EquivalentTo(new[] { "number" }));
            Assert.That(Types(measures["posts"]!), Is.EquivalentTo(new[] { "integer" }));
            Assert.That(Types(measures["reach"]!), Is.EquivalentTo(new[] { "integer", "null" }));
        });
    }

    [Test]
    public void Fixed_values_are_enums_of_one_casing_and_dates_are_dates()
    {
        var schemas = _document["components"]!["schemas"]!;
        Assert.Multiple(() =>
        {
            Assert.That(Enum(schemas["ReachBasis"]!), Is.EqualTo(new[] { "none", "observed", "estimated", "mixed" }));
            Assert.That(Enum(schemas["CollectorHealth"]!), Does.Contain("pending").And.Contain("ok"));
            Assert.That(Enum(schemas["DistributionRow"]!["properties"]!["kpi"]!), Is.EqualTo(new[] { "impact", "engagement", "responsiveness" }));
            Assert.That(Enum(schemas["BrandScore"]!["properties"]!["grade"]!), Is.EqualTo(new[] { "A+", "A", "B", "C", "D", "F", null }));
            Assert.That(Enum(schemas["TrendDocument"]!["properties"]!["granularity"]!), Is.EqualTo(new[] { "week", "month" }));
            Assert.That(schemas["ReportWindow"]!["properties"]!["from"]!["format"]!.GetValue<string>(), Is.EqualTo("date"));
        });

        // Every enum of words is lower case (camelCase for several words): grades are letters by definition.
        var words = Schemas(_document, "$").Where(s => !s.Path.EndsWith("grade", StringComparison.Ordinal))
            .SelectMany(s => Enum(s.Schema).OfType<string>().Select(value => (s.Path, value)))
            .Where(e => !LowerCase().IsMatch(e.value))
            .ToList();
        Assert.That(words, Is.Empty);
    }

    [Test]
    public void Parameters_carry_their_type_pattern_default_and_bounds()
    {
        var trend = _document["paths"]!["/api/v1/reports/brands/{brand}/trend"]!["get"]!["parameters"]!.AsArray();
        JsonNode Schema(string name) => trend.Single(p => p!["name"]!.GetValue<string>() == name)!["schema"]!;
        Assert.Multiple(() =>
        {
            Assert.That(Schema("brand")["pattern"]!.GetValue<string>(), Is.EqualTo("^[a-z0-9_-]{1,64}$"));
            Assert.That(Schema("brand")["maxLength"]!.GetValue<int>(), Is.EqualTo(64));
            Assert.That(Schema("from")["format"]!.GetValue<string>(), Is.EqualTo("date"));
            Assert.That(Schema("minEffort")["minimum"]!.GetValue<int>(), Is.Zero);
            Assert.That(Schema("minEffort")["default"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(Schema("minUserPosts")["default"]!.GetValue<int>(), Is.EqualTo(5));
            Assert.That(Schema("benchmark")["default"]!.GetValue<string>(), Is.EqualTo("all"));
            Assert.That(Enum(Schema("granularity")), Is.EqualTo(new[] { "week", "month" }));
            Assert.That(Enum(Schema("format")), Is.EqualTo(new[] { "json", "csv" }));
        });
        var compare = _document["paths"]!["/api/v1/reports/compare"]!["get"]!["parameters"]!.AsArray();
        Assert.That(compare.Single(p => p!["name"]!.GetValue<string>() == "brands")!["required"]!.GetValue<bool>(), Is.True);
        var list = _document["paths"]!["/api/v1/brands"]!["get"]!["parameters"]!.AsArray();
        var limit = list.Single(p => p!["name"]!.GetValue<string>() == "limit")!["schema"]!;
        Assert.That((limit["minimum"]!.GetValue<int>(), limit["maximum"]!.GetValue<int>(), limit["default"]!.GetValue<int>()), Is.EqualTo((1, 1000, 100)));
    }

    [Test]
    public void Every_operation_declares_its_problems_as_problem_details_with_a_trace_id()
    {
        var problem = _document["components"]!["schemas"]!["ProblemDetails"]!;
        Assert.That(problem["required"]!.AsArray().Select(r => r!.GetValue<string>()), Is.SupersetOf(new[] { "type", "status", "detail", "traceId" }));
        Assert.Multiple(() =>
        {
            foreach (var (path, method, operation) in Operations())
            {
                var responses = operation["responses"]!.AsObject();
                var expected = new List<string> { "500" };
                if (path.StartsWith("/api/", StringComparison.Ordinal))
                {
                    expected.AddRange(["401", "429"]);
                }

                expected.Add(method == "get" ? "406" : "403");
                if (operation["requestBody"] is not null)
                {
                    expected.AddRange(["400", "415"]);
                }

                Assert.That(responses.Select(r => r.Key), Is.SupersetOf(expected), $"{method} {path}");
                foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
                {
                    Assert.That(
                        response!["content"]?["application/problem+json"]?["schema"]?["$ref"]?.GetValue<string>(),
                        Is.EqualTo("#/components/schemas/ProblemDetails"), $"{method} {path} {status}");
                }
            }
        });
    }

    [Test]
    public void Public_routes_say_so_and_the_server_url_has_no_trailing_slash()
    {
        var health = _document["paths"]!["/health"]!["get"]!;
        Assert.That(health["security"]?.AsArray(), Is.Not.Null.And.Empty, "security: [] on a public route");
        foreach (var server in _document["servers"]?.AsArray() ?? [])
        {
            Assert.That(server!["url"]!.GetValue<string>(), Does.Not.EndWith("/"));
        }
    }

    [Test]
    public void Reports_and_lists_declare_their_caching_and_paging()
    {
        var report = _document["paths"]!["/api/v1/reports/brands/{brand}"]!["get"]!;
        Assert.That(report["responses"]!.AsObject().Select(r => r.Key), Is.SupersetOf(new[] { "200", "304", "409" }));
        Assert.That(report["responses"]!["200"]!["headers"]!.AsObject().Select(h => h.Key), Is.SupersetOf(new[] { "ETag", "Engagement-Data-Version" }));
        foreach (var list in new[] { "/api/v1/brands", "/api/v1/accounts", "/api/v1/peer-sets", "/api/v1/collectors", "/api/v1/benchmarks" })
        {
            var get = _document["paths"]![list]!["get"]!;
            Assert.That(get["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()), Is.SupersetOf(new[] { "limit", "cursor" }), list);
            Assert.That(get["responses"]!["200"]!["headers"]!.AsObject().Select(h => h.Key), Does.Contain("Link"), list);
        }
    }

    internal static IEnumerable<(string Path, JsonNode Schema)> Schemas(JsonNode node, string path)
    {
        if (node is JsonObject obj)
        {
            if (obj.ContainsKey("type") || obj.ContainsKey("format") || obj.ContainsKey("enum"))
            {
                yield return (path, obj);
            }

            foreach (var (key, child) in obj)
            {
                if (child is not null && key is not "example" and not "examples" and not "default")
                {
                    foreach (var inner in Schemas(child, $"{path}.{key}"))
                    {
                        yield return inner;
                    }
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is { } child)
                {
                    foreach (var inner in Schemas(child, $"{path}[{i}]"))
                    {
                        yield return inner;
                    }
                }
            }
        }
    }

    private IEnumerable<(string Path, string Method, JsonNode Operation)> Operations() =>
        _document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject()
            .Where(o => o.Key is "get" or "put" or "post" or "delete")
            .Select(o => (p.Key, o.Key, o.Value!)));

    private static List<string> Types(JsonNode schema) => schema["type"] switch
    {
        JsonArray many => many.Select(t => t!.GetValue<string>()).ToList(),
        JsonValue one => [one.GetValue<string>()],
        _ => [],
    };

    private static List<string?> Enum(JsonNode schema) =>
        schema["enum"]?.AsArray().Select(v => v?.GetValue<string>()).ToList() ?? [];

    [GeneratedRegex("^[a-z][a-zA-Z0-9-]*$")]
    private static partial Regex LowerCase();
}
