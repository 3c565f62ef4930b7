using Engagement.Service.Api;
using Engagement.Service.Deliveries;
using Engagement.Service.Hosting.Authentication;
using Engagement.Service.Reports;
using Engagement.Service.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engagement.Service.Pages;

/// <summary>
/// <c>GET /compare.pdf</c>: the compare page (<c>/reports/compare.html</c>, the same query) printed to
/// an A4 PDF, as scheduled reports send it. A bad query is a 400 problem naming the parameter, an
/// unknown brand 404, and no Chromium on the server a 503 problem.
/// </summary>
public static class ComparePdfEndpoint
{
    public static IEndpointRouteBuilder MapComparePdf(this IEndpointRouteBuilder app)
    {
        app.MapGet(Links.ComparePdfPath, PrintAsync).RequireAuthorization(ApiKeyDefaults.PagePolicy).ExcludeFromDescription();
        return app;
    }

    private static async Task<FileContentHttpResult> PrintAsync(
        string[]? brands, string? partial, [AsParameters] ReportParameters parameters, HttpContext http, ReportService reports, PdfPrinter printer, Caller caller,
        CancellationToken ct)
    {
        var list = PageEndpoints.BrandList(brands);
        var page = await PageEndpoints.ComparePageAsync(list, partial, parameters, caller.Scope(parameters.ToQuery()), reports, ct);
        var pdf = await printer.PrintAsync(await PageHtml.RenderAsync(page, http.RequestServices, http.User, ct), ct);
        return TypedResults.File(pdf, ScheduledReport.PdfType, list.Count <= 4 ? $"compare-{string.Join('-', list)}.pdf" : "compare.pdf");
    }
}
