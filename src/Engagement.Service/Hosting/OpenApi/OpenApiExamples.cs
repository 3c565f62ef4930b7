using System.Text.Json.Nodes;
using Engagement.Service.Api;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Engagement.Service.Hosting.OpenApi;

/// <summary>Security requirements, the CSV and multipart shapes, and example values, so a generated client (or a person) can call each operation as is.</summary>
internal static class OpenApiExamples
{
    public const string BearerScheme = "Bearer";
    public const string HeaderScheme = "ApiKeyHeader";

    private const string CsvExample = "brand,network,handle,from,to,benchmark,posts,answers,effort,user_posts,...,share_of_conversation,spec\n"
        + "plateau-pixels,bluesky,plateau-pixels.bsky.social,2026-10-02,2026-11-01,all,13,14,27,15,...,,scoring-v1\n";

    private static readonly Dictionary<string, string> Parameters = new(StringComparer.Ordinal)
    {
        ["brand"] = "plateau-pixels",
        ["brands"] = "plateau-pixels,pixel-nord,mile-end-digital",
        ["network"] = "mastodon",
        ["name"] = "montreal-studios",
        ["from"] = "2026-10-01",
        ["to"] = "2026-11-01",
        ["benchmark"] = "all",
        ["granularity"] = "week",
        ["format"] = "json",
    };

    private static readonly Dictionary<string, string> Bodies = new(StringComparer.Ordinal)
    {
        ["PutBrand"] = """{ "id": "plateau-pixels", "name": "Plateau Pixels", "industry": "studio" }""",
        ["PutAccount"] = """{ "handle": "plateaupixels@mastodon.quebec" }""",
        ["PutPeerSet"] = """{ "brands": ["pixel-nord", "mile-end-digital"] }""",
    };

    public static void Apply(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        if (context.Description.RelativePath?.StartsWith("api/v1", StringComparison.Ordinal) == true)
        {
            // Either way of sending the key will do: two requirements are alternatives.
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(HeaderScheme, context.Document)] = [] });
        }
        else
        {
            // Explicitly public: no key needed.
            operation.Security = [];
        }

        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.Name is { } name && Parameters.TryGetValue(name, out var example))
            {
                parameter.Example = JsonValue.Create(example);
            }
        }

        if (operation.OperationId is { } id && Bodies.TryGetValue(id, out var body)
            && operation.RequestBody?.Content?.TryGetValue("application/json", out var media) == true && media is OpenApiMediaType json)
        {
            json.Example = JsonNode.Parse(body);
        }

        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<CsvReportMetadata>().Any()
            && operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
        {
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            response.Content[ReportFormat.Csv] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "One row per brand x network; columns in docs/api.md." },
                Example = JsonValue.Create(CsvExample),
            };
        }

        if (operation.OperationId == "Import" && operation.RequestBody is OpenApiRequestBody upload)
        {
            upload.Content = new Dictionary<string, OpenApiMediaType> { ["multipart/form-data"] = new() { Schema = UploadSchema() } };
        }
    }

    private static OpenApiSchema UploadSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "Any of the four canonical files, each optional; a part is recognised by its field name or its file name.",
        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["brands"] = File("brands.csv: brand,name,industry"),
            ["accounts"] = File("accounts.csv: brand,network,handle"),
            ["posts"] = File("posts.csv: network,post_id,author,created_at,in_reply_to_post,in_reply_to_author,mentions,likes,shares,quotes,replies,views"),
            ["followers"] = File("followers.csv: network,handle,date,followers"),
        },
    };

    private static OpenApiSchema File(string description) => new() { Type = JsonSchemaType.String, Format = "binary", Description = description };
}
