using System.Text.Json.Nodes;
using Engagement.Service.Api;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Engagement.Service.Hosting.OpenApi;

/// <summary>
/// Makes each schema say exactly what the service writes: numbers <c>number</c> (the report
/// converter writes doubles by hand, which hides their shape from the generator), counts
/// <c>integer</c> only, enums as their lower-case strings, ids with their pattern, and
/// <c>null</c> only where a value can be null.
/// </summary>
internal static class SchemaRules
{
    private static readonly HashSet<Type> Integers = [typeof(int), typeof(long), typeof(short)];

    public static Task ApplyAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var declared = context.JsonTypeInfo.Type;
        var nullable = Nullable.GetUnderlyingType(declared) is not null;
        var type = Nullable.GetUnderlyingType(declared) ?? declared;
        if (type == typeof(double) || type == typeof(float))
        {
            schema.Type = JsonSchemaType.Number | (nullable ? JsonSchemaType.Null : 0);
            schema.Format = "double";
        }
        else if (Integers.Contains(type))
        {
            schema.Type = JsonSchemaType.Integer | (nullable ? JsonSchemaType.Null : 0);
            schema.Pattern = null;
        }
        else if (type.IsEnum)
        {
            schema.Type = JsonSchemaType.String | (nullable ? JsonSchemaType.Null : 0);
            schema.Enum = Values(NamesOf(type), nullable);
        }

        if (type.Name is "BrandReport" or "ComparisonReport" or "TrendDocument" && schema.Properties?.ContainsKey("dataVersion") == true)
        {
            // Optional in the type (the command line's reports have none); the API always sets it.
            schema.Required ??= new HashSet<string>(StringComparer.Ordinal);
            schema.Required.Add("dataVersion");
        }

        if (context.JsonPropertyInfo is { } property)
        {
            ApplyProperty(schema, property.DeclaringType.Name, property.Name);
        }

        return Task.CompletedTask;
    }

    /// <summary>The enum values of <paramref name="names"/>, plus null when the schema allows null (JSON Schema checks enum too).</summary>
    public static List<JsonNode> Values(IEnumerable<string> names, bool nullable)
    {
        var values = names.Select(name => (JsonNode)JsonValue.Create(name)).ToList();
        if (nullable)
        {
            values.Add(null!);
        }

        return values;
    }

    private static IReadOnlyList<string> NamesOf(Type type) =>
        Enum.GetNames(type).Select(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName).ToList();

    private static void ApplyProperty(OpenApiSchema schema, string owner, string name)
    {
        var nullable = schema.Type?.HasFlag(JsonSchemaType.Null) == true;
        switch (owner, name)
        {
            case (_, "brand" or "network" or "industry"):
            case ("BrandRequest" or "BrandResponse", "id"):
            case ("PeerSetResponse", "name"):
                Id(schema);
                break;
            case ("PeerSetResponse", "brands"):
                Id((OpenApiSchema)schema.Items!);
                break;
            case (_, "grade"):
                schema.Enum = Values(ApiVocabulary.Grades, nullable);
                break;
            case ("DistributionRow", "kpi"):
                schema.Enum = Values(ApiVocabulary.Kpis, nullable);
                break;
            case ("TrendDocument", "granularity"):
                schema.Enum = Values(ApiVocabulary.Granularities, nullable);
                break;
            case ("ImportFileResponse", "kind"):
                schema.Enum = Values(ApiVocabulary.ImportKinds, nullable);
                break;
            case ("ScheduleRequest" or "ScheduleResponse", "cadence"):
                schema.Enum = Values(ApiVocabulary.Cadences, nullable);
                break;
            case ("ScheduleRequest" or "ScheduleResponse", "formats"):
                ((OpenApiSchema)schema.Items!).Enum = Values(ApiVocabulary.ReportFiles, nullable: false);
                break;
            case ("ScheduleRequest" or "ScheduleResponse" or "AlertRuleRequest" or "AlertRuleResponse", "brands" or "competitors"):
                Id((OpenApiSchema)schema.Items!);
                break;
            case ("ScheduleRequest" or "ScheduleResponse", "hour"):
                schema.Minimum = "0";
                schema.Maximum = "23";
                break;
            case ("AlertRuleRequest" or "AlertRuleResponse", "kind"):
                schema.Enum = Values(ApiVocabulary.AlertKinds, nullable);
                break;
            case ("ScheduleRunResponse", "status"):
                schema.Enum = Values(ApiVocabulary.RunStatuses, nullable);
                break;
            case ("DeliveryResponse", "status"):
                schema.Enum = Values(ApiVocabulary.DeliveryStatuses, nullable);
                break;
            case ("DeliveryResponse", "channel"):
                schema.Enum = Values(ApiVocabulary.DeliveryChannels, nullable);
                break;
            case ("DeliveryResponse", "event"):
                schema.Enum = Values(ApiVocabulary.DeliveryEvents, nullable);
                break;
            case (_, "webhookUrl"):
                schema.Format = "uri";
                break;
            case (_, "emails"):
                ((OpenApiSchema)schema.Items!).Format = "email";
                break;
            case (_, "benchmark"):
                schema.Pattern = ApiVocabulary.BenchmarkPattern;
                break;
            case (_, "dataVersion"):
                schema.Type = JsonSchemaType.Integer;
                schema.Format = "int64";
                schema.Description = "The store's data version the answer was computed from; pass it as ?dataVersion= to pin later requests.";
                break;
            case ("PeerSetRequest", "brands"):
                schema.MinItems = 1;
                Id((OpenApiSchema)schema.Items!);
                break;
            case ("BrandRequest", "name"):
                schema.MinLength = 1;
                break;
            case (_, "spec"):
                schema.Enum = Values([Domain.Scoring.BenchmarkDocument.SpecVersion], nullable);
                break;
        }
    }

    private static void Id(OpenApiSchema schema)
    {
        schema.Pattern = ApiVocabulary.IdPattern;
        schema.MaxLength = ApiVocabulary.IdMaxLength;
    }
}
