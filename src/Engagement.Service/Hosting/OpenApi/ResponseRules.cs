using Engagement.Service.Api;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Engagement.Service.Hosting.OpenApi;

/// <summary>
/// Declares every answer an operation can give: the problem statuses (one ProblemDetails schema
/// with <c>traceId</c>), 304 and the caching headers where a route has an ETag, <c>Link</c> on lists.
/// </summary>
internal static class ResponseRules
{
    public const string ProblemSchema = "ProblemDetails";
    private const string ProblemMedia = "application/problem+json";

    public static void Apply(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var method = context.Description.HttpMethod ?? "GET";
        var isApi = context.Description.RelativePath?.StartsWith("api/v1", StringComparison.Ordinal) == true;
        var isGet = method == "GET";
        var hasParameters = operation.Parameters is { Count: > 0 } || operation.RequestBody is not null;
        var hasPath = operation.Parameters?.Any(p => p.In == ParameterLocation.Path) == true;
        operation.Responses ??= [];
        var statuses = new List<int> { StatusCodes.Status500InternalServerError };
        if (isApi)
        {
            statuses.AddRange([StatusCodes.Status401Unauthorized, StatusCodes.Status429TooManyRequests]);
        }

        if (hasParameters)
        {
            statuses.Add(StatusCodes.Status400BadRequest);
        }

        if (hasPath || metadata.OfType<CsvReportMetadata>().Any())
        {
            statuses.Add(StatusCodes.Status404NotFound);
        }

        if (isGet)
        {
            statuses.Add(StatusCodes.Status406NotAcceptable);
        }

        if (!isGet)
        {
            statuses.Add(StatusCodes.Status403Forbidden);
        }

        if (operation.RequestBody is not null)
        {
            statuses.Add(StatusCodes.Status415UnsupportedMediaType);
        }

        if (metadata.OfType<DataVersionCachingMetadata>().Any())
        {
            statuses.Add(StatusCodes.Status409Conflict);
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "dataVersion",
                In = ParameterLocation.Query,
                Description = $"Pin the answer to this data version (from the {ApiCaching.DataVersionHeader} header or a report's dataVersion): 409 when the store has moved on.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Minimum = "0" },
            });
            operation.Responses["304"] = new OpenApiResponse { Description = "Not modified: the ETag sent in If-None-Match still holds." };
            AddHeaders(operation, context.Document!, CachingHeaders);
        }

        if (metadata.OfType<PagedListMetadata>().Any())
        {
            statuses.Add(StatusCodes.Status410Gone);
            AddHeaders(operation, context.Document!, ["Link"]);
        }

        foreach (var (code, response) in operation.Responses.Where(r => r.Key.Length == 3 && r.Key[0] is '4' or '5').ToList())
        {
            statuses.Add(int.Parse(code, System.Globalization.CultureInfo.InvariantCulture));
        }

        foreach (var status in statuses.Distinct())
        {
            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Problem(status, context.Document!);
        }

        var sorted = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        operation.Responses.Clear();
        foreach (var (code, response) in sorted)
        {
            operation.Responses[code] = response;
        }
    }

    private static readonly string[] CachingHeaders = ["ETag", "Cache-Control", "Vary", ApiCaching.DataVersionHeader];

    private static void AddHeaders(OpenApiOperation operation, OpenApiDocument document, IEnumerable<string> names)
    {
        if (operation.Responses!.TryGetValue("200", out var ok) && ok is OpenApiResponse response)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
            foreach (var name in names)
            {
                response.Headers[name] = new OpenApiHeaderReference(name, document);
            }
        }
    }

    private static OpenApiResponse Problem(int status, OpenApiDocument document) => new()
    {
        Description = Describe(status),
        Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
        {
            [ProblemMedia] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
        },
    };

    private static string Describe(int status) => status switch
    {
        400 => "A parameter or body field is invalid: named in errors.",
        401 => "No API key, or an unknown or revoked one.",
        403 => "A read key on a route that changes the store.",
        404 => "An unknown brand, account or peer set.",
        406 => "The Accept header allows no media type this route answers.",
        409 => "The store has moved past the pinned dataVersion.",
        410 => "The cursor belongs to a data version the store has moved past: start again without a cursor.",
        413 => "The body is larger than Imports:MaxBytes.",
        415 => "The body's Content-Type is not one this route takes.",
        429 => "Too many requests for this key or client address: see Retry-After.",
        500 => "An unexpected error; its details are in the service's log.",
        503 => "The store does not answer.",
        _ => "A problem.",
    };
}
