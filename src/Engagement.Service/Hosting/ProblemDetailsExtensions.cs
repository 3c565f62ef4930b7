using System.Diagnostics;
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
        _ => null,
    };

    /// <summary>Report documents keep the reference JSON shape (camelCase, lower-case enums, 300.0-style numbers).</summary>
    public static IHostApplicationBuilder AddReportJson(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<JsonOptions>(options => Domain.Scoring.ReportJson.Configure(options.SerializerOptions));
        return builder;
    }
}
