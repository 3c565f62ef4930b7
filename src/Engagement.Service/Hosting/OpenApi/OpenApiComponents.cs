using System.Text.Json.Nodes;
using Engagement.Service.Api;
using Microsoft.OpenApi;

namespace Engagement.Service.Hosting.OpenApi;

/// <summary>The shared parts of the document: the problem schema, the response headers, the servers.</summary>
internal static class OpenApiComponentsSetup
{
    public static void Apply(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        // The import's multipart body is described by hand (OpenApiExamples), so the framework's form schemas are unused.
        foreach (var unused in new[] { "HttpValidationProblemDetails", "IFormFile", "IFormFileCollection" })
        {
            document.Components.Schemas.Remove(unused);
        }

        document.Tags = new HashSet<OpenApiTag>(Tags.Select(tag => new OpenApiTag { Name = tag.Key, Description = tag.Value }));
        document.Components.Schemas[ResponseRules.ProblemSchema] = ProblemSchema();
        document.Components.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
        document.Components.Headers["ETag"] = Header("A validator of this answer: the data version and the query. Send it back as If-None-Match.");
        document.Components.Headers["Cache-Control"] = Header("private, max-age=0, must-revalidate: keep it, but ask before reusing it.");
        document.Components.Headers["Vary"] = Header("Accept, Accept-Encoding.");
        document.Components.Headers[ApiCaching.DataVersionHeader] =
            Header("The store's data version the answer was computed from; pass it as ?dataVersion= to pin later requests.", JsonSchemaType.Integer);
        document.Components.Headers["Link"] = Header("RFC 8288 links: rel=\"next\" to the next page while there is one.");

        // Relative paths join a server URL that ends without a slash.
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }
    }

    private static readonly Dictionary<string, string> Tags = new(StringComparer.Ordinal)
    {
        ["Brands"] = "Brands and their accounts, one per network.",
        ["Peer sets"] = "Named sets of brands to benchmark against (benchmark=peers:NAME).",
        ["Imports"] = "The canonical CSV files, uploaded.",
        ["Reports"] = "Scores, KPIs and benchmark distributions: a brand, a comparison, a trend, the benchmark document.",
        ["Collectors"] = "What the collectors did per tracked account.",
        ["Health"] = "Whether the service and its store answer.",
    };

    private static OpenApiHeader Header(string description, JsonSchemaType type = JsonSchemaType.String) =>
        new() { Description = description, Schema = new OpenApiSchema { Type = type } };

    private static OpenApiSchema ProblemSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An RFC 9457 problem: branch on type (listed in docs/api.md); detail is for people.",
        Required = new HashSet<string>(StringComparer.Ordinal) { "type", "title", "status", "detail", "traceId" },
        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri", Description = "The kind of problem, e.g. " + ProblemTypes.UnknownBrand },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A short summary of the kind." },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "400", Maximum = "599" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong with this request." },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request path." },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The W3C trace id of the request, to find it in the logs." },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Per offending parameter or body field, what is wrong with it.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        },
        Examples = [JsonNode.Parse($$"""
            { "type": "{{ProblemTypes.InvalidParameter}}", "title": "Invalid parameter 'from'", "status": 400,
              "detail": "from: '2026-13-01' is not a date YYYY-MM-DD", "instance": "/api/v1/reports/brands/plateau-pixels",
              "errors": { "from": ["from: '2026-13-01' is not a date YYYY-MM-DD"] }, "traceId": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" }
            """)!],
    };
}
