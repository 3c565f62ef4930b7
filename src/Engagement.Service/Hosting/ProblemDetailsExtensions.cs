using System.Diagnostics;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;

namespace Engagement.Service.Hosting;

public static class ProblemDetailsExtensions
{
    /// <summary>
    /// RFC 7807 problem details for every error: exceptions through <see cref="ProblemDetailsExceptionHandler"/>,
    /// bare status codes (404 of an unknown route, 405) through the status code pages.
    /// </summary>
    public static IHostApplicationBuilder AddProblemDetailsHandling(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            if (context.ProblemDetails.Type is null || context.ProblemDetails.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
            {
                context.ProblemDetails.Type = ProblemTypes.OfStatus(context.ProblemDetails.Status) ?? context.ProblemDetails.Type;
            }

            context.ProblemDetails.Detail ??= DefaultDetail(context.ProblemDetails.Status);
            context.ProblemDetails.Extensions.TryAdd("traceId", Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
        });
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();

        // Bad bodies and parameters throw in every environment, so the handler can name them
        // (by default only Development throws; elsewhere the 400 would come without a word).
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return builder;
    }

    /// <summary>A word for the bare status codes of routing (no handler wrote one), so every problem has a detail.</summary>
    private static string? DefaultDetail(int? status) => status switch
    {
        StatusCodes.Status404NotFound => "no such route: see /openapi/v1.json for the API's routes",
        StatusCodes.Status405MethodNotAllowed => "this route does not take that method: see /openapi/v1.json",
        StatusCodes.Status415UnsupportedMediaType => "this route does not take a body of that Content-Type: see /openapi/v1.json",
        StatusCodes.Status406NotAcceptable => "this route cannot answer in any media type the Accept header allows: see /openapi/v1.json",
        _ => null,
    };

    /// <summary>Report documents keep the reference JSON shape (camelCase, lower-case enums, 300.0-style numbers).</summary>
    public static IHostApplicationBuilder AddReportJson(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<JsonOptions>(options =>
        {
            Domain.Scoring.ReportJson.Configure(options.SerializerOptions);

            // Exactly what the OpenAPI document says: numbers are JSON numbers (the web default
            // would also read them from strings), and a body field the schema does not have is a
            // 400 naming it rather than silently ignored.
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });
        return builder;
    }
}
