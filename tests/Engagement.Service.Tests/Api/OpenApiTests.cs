using Engagement.Service.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Engagement.Service.Tests.Api;

public class OpenApiTests : ApiFixture
{
    private OpenApiDocument _document = null!;

    [OneTimeSetUp]
    public async Task ReadDocumentAsync()
    {
        await using var stream = await Anonymous.GetStreamAsync("/openapi/v1.json");
        var result = await OpenApiDocument.LoadAsync(stream, "json", new OpenApiReaderSettings());
        Assert.That(result.Diagnostic?.Errors, Is.Empty, "the document is valid OpenAPI");
        _document = result.Document!;
    }

    [Test]
    public void Document_lists_every_api_route_and_health()
    {
        var routes = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } path && (path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/health", StringComparison.Ordinal)))
            .SelectMany(e => e.Metadata.GetOrderedMetadata<HttpMethodMetadata>().SelectMany(m => m.HttpMethods).Select(method => $"{method} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .ToList();
        var documented = _document.Paths.SelectMany(p => p.Value.Operations!.Keys.Select(method => $"{method.Method.ToUpperInvariant()} {p.Key}")).ToList();
        Assert.That(routes, Has.Count.EqualTo(43));
        Assert.That(documented, Is.EquivalentTo(routes));
    }

    [Test]
    public void Every_operation_has_a_summary_an_id_and_api_routes_a_key_requirement()
    {
        Assert.Multiple(() =>
        {
            foreach (var (path, item) in _document.Paths)
            {
                foreach (var (method, operation) in item.Operations!)
                {
                    Assert.That(operation.Summary, Is.Not.Empty, $"{method} {path}");
                    Assert.That(operation.OperationId, Is.Not.Empty, $"{method} {path}");
                    Assert.That(operation.Security?.Count ?? 0, path.StartsWith("/api/", StringComparison.Ordinal) ? Is.EqualTo(2) : Is.Zero, $"{method} {path}");
                }
            }
        });
    }

    [Test]
    public void Report_routes_answer_json_and_csv_and_name_their_examples()
    {
        var compare = _document.Paths["/api/v1/reports/compare"].Operations![HttpMethod.Get];
        Assert.Multiple(() =>
        {
            Assert.That(compare.Responses!["200"].Content!.Keys, Is.EquivalentTo(new[] { "application/json", "text/csv" }));
            Assert.That(compare.Parameters!.Single(p => p.Name == "brands").Example?.ToString(), Does.Contain("plateau-pixels"));
            Assert.That(compare.Parameters!.Single(p => p.Name == "from").Description, Does.Contain("YYYY-MM-DD"));
            Assert.That(_document.Components!.SecuritySchemes!.Keys, Is.EquivalentTo(new[] { "Bearer", "ApiKeyHeader" }));
        });
    }

    [Test]
    public void Import_takes_the_four_files_as_multipart()
    {
        var import = _document.Paths["/api/v1/imports"].Operations![HttpMethod.Post];
        var schema = import.RequestBody!.Content!["multipart/form-data"].Schema!;
        Assert.That(schema.Properties!.Keys, Is.EquivalentTo(new[] { "brands", "accounts", "posts", "followers" }));
    }
}
