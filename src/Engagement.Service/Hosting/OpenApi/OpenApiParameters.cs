using System.Text.Json.Nodes;
using Engagement.Domain.Scoring;
using Engagement.Service.Api;
using Microsoft.OpenApi;

namespace Engagement.Service.Hosting.OpenApi;

/// <summary>The schema of every parameter the API takes, by name: its type, format, pattern, enum, default and bounds.</summary>
internal static class OpenApiParameters
{
    private static readonly Dictionary<string, Func<OpenApiSchema>> Schemas = new(StringComparer.Ordinal)
    {
        ["brand"] = Id,
        ["name"] = Id,
        ["network"] = Id,
        ["from"] = Date,
        ["to"] = Date,
        ["benchmark"] = () => new() { Type = JsonSchemaType.String, Pattern = ApiVocabulary.BenchmarkPattern, Default = "all" },
        ["minEffort"] = () => Count(SufficiencySettings.DefaultMinEffort),
        ["minUserPosts"] = () => Count(SufficiencySettings.DefaultMinUserPosts),
        ["format"] = () => Enum(ApiVocabulary.Formats),
        ["granularity"] = () => Enum(ApiVocabulary.Granularities),
        ["brands"] = () => new()
        {
            Type = JsonSchemaType.String,
            Pattern = "^[a-z0-9_-]{1,64}( *, *[a-z0-9_-]{1,64})*$",
            MaxLength = 65 * ApiPaging.MaxLimit,
        },
        ["limit"] = () => new()
        {
            Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = ApiPaging.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Default = ApiPaging.DefaultLimit,
        },
        ["cursor"] = () => new() { Type = JsonSchemaType.String, MaxLength = 512, Pattern = "^[A-Za-z0-9_-]+$" },
        ["dataVersion"] = () => new() { Type = JsonSchemaType.Integer, Format = "int64", Minimum = "0" },
    };

    /// <summary>Names every parameter must have a schema for, so a new one cannot slip into the document loosely typed.</summary>
    public static bool Knows(string name) => Schemas.ContainsKey(name);

    public static void Apply(OpenApiOperation operation)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.Name is { } name && Schemas.TryGetValue(name, out var schema))
            {
                parameter.Schema = schema();
                if (name == "brands" && parameter.In == ParameterLocation.Query)
                {
                    parameter.Required = true;
                }
            }
        }
    }

    private static OpenApiSchema Id() => new() { Type = JsonSchemaType.String, Pattern = ApiVocabulary.IdPattern, MaxLength = ApiVocabulary.IdMaxLength };

    private static OpenApiSchema Date() => new() { Type = JsonSchemaType.String, Format = "date" };

    private static OpenApiSchema Count(int fallback) => new() { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0", Default = fallback };

    private static OpenApiSchema Enum(IReadOnlyList<string> values) => new()
    {
        Type = JsonSchemaType.String,
        Enum = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList(),
        Default = values[0],
    };
}
