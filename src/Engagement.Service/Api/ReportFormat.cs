using System.Globalization;
using System.Reflection;
using Engagement.Domain.Scoring;
using Engagement.Service.Reports;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace Engagement.Service.Api;

/// <summary>Content negotiation of the report routes.</summary>
public static class ReportFormat
{
    public const string Csv = "text/csv";

    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly MediaTypeHeaderValue Problem = new("application/problem+json");
    private static readonly MediaTypeHeaderValue CsvType = new(Csv);

    /// <summary>A format's name as the API and the command line take it; null when it is none of them.</summary>
    public static ReportOutput? Parse(string text) => text switch
    {
        "json" => ReportOutput.Json,
        "csv" => ReportOutput.Csv,
        "table" => ReportOutput.Table,
        _ => null,
    };

    /// <summary>True when the Accept header ranks text/csv above application/json (by quality, then order).</summary>
    public static bool AcceptsCsv(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        var best = accept
            .Select((media, order) => (Media: media.MediaType.Value, Quality: media.Quality ?? 1.0, Order: order))
            .Where(m => m.Quality > 0 && (Is(m.Media, Csv) || Is(m.Media, "application/json")))
            .OrderByDescending(m => m.Quality)
            .ThenBy(m => m.Order)
            .FirstOrDefault();
        return best.Media is { } media && Is(media, Csv);
    }

    /// <summary>
    /// True when the Accept header allows a media type the route answers: JSON (and problem
    /// details), or CSV on a report route. No Accept header allows anything.
    /// </summary>
    public static bool Acceptable(HttpRequest request, bool csv)
    {
        var accept = request.GetTypedHeaders().Accept;
        return accept.Count == 0 || accept.Any(range => range.Quality is not 0 && (
            range.MatchesAllTypes
            || range.IsSubsetOf(Json) || range.IsSubsetOf(Problem)
            || Json.IsSubsetOf(range) || Problem.IsSubsetOf(range)
            || (csv && (CsvType.IsSubsetOf(range) || range.IsSubsetOf(CsvType)))));
    }

    /// <summary>406 for a GET whose Accept header allows nothing the route answers (on every /api/v1 route).</summary>
    public static TBuilder RequireAcceptable<TBuilder>(this TBuilder group)
        where TBuilder : IEndpointConventionBuilder =>
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var csv = http.GetEndpoint()?.Metadata.GetMetadata<CsvReportMetadata>() is not null;
            if (HttpMethods.IsGet(http.Request.Method) && !Acceptable(http.Request, csv))
            {
                // Through the problem details service, like every other problem (type, traceId). Its
                // writers honour Accept, which allows nothing we write: the problem is JSON anyway.
                http.Response.StatusCode = StatusCodes.Status406NotAcceptable;
                http.Request.Headers.Accept = "application/problem+json";
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
                    {
                        Status = StatusCodes.Status406NotAcceptable,
                        Detail = $"this route answers {(csv ? "application/json or text/csv" : "application/json")}, which the Accept header does not allow",
                    },
                });
                return Results.Empty;
            }

            return await next(context);
        });

    /// <summary>CSV rows (one per brand x network; columns in docs/api.md) as a result.</summary>
    public static CsvReportResult CsvRows(ReportWindow window, string benchmark, IEnumerable<ReportRow> rows, string name) =>
        new(writer => ReportCsv.Write(writer, window, benchmark, rows), $"{name}-{Day(window.From)}-{Day(window.To)}.csv");

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool Is(string? media, string expected) => string.Equals(media, expected, StringComparison.OrdinalIgnoreCase);
}

/// <summary>How a report is written: JSON, CSV, or (command line only) a terminal table.</summary>
public enum ReportOutput
{
    Json,
    Csv,
    Table,
}

/// <summary>A report as <c>text/csv</c>. Written to a buffer first: CsvHelper writes synchronously and Kestrel forbids synchronous I/O.</summary>
public sealed class CsvReportResult(Action<TextWriter> write, string fileName)
    : IResult, IStatusCodeHttpResult, IContentTypeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => $"{ReportFormat.Csv}; charset=utf-8";

    public string FileName { get; } = fileName;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        write(text);
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = ContentType;
        httpContext.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = FileName }.ToString();
        await httpContext.Response.WriteAsync(text.ToString(), httpContext.RequestAborted);
    }

    /// <summary>A marker, not a second 200 response type: that would hide the JSON one (the OpenAPI document adds text/csv beside it).</summary>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => builder.Metadata.Add(CsvReportMetadata.Instance);
}

/// <summary>Marks a route that can also answer <c>text/csv</c>.</summary>
public sealed class CsvReportMetadata
{
    public static CsvReportMetadata Instance { get; } = new();
}
