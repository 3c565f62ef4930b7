using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;
using Engagement.Domain.Scoring;
using Engagement.Service.Api;
using Engagement.Service.Hosting.Authentication;
using Engagement.Service.Reports;
using Engagement.Service.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using static Engagement.Service.Pages.Html;

namespace Engagement.Service.Pages;

/// <summary>
/// The server-rendered pages: <c>/</c>, <c>/reports/compare.html</c>, <c>/reports/brands/{brand}.html</c>.
/// A key by header or sign-in cookie is needed; without one the browser is sent to /signin.
/// </summary>
public static class PageEndpoints
{
    private const string HtmlType = "text/html; charset=utf-8";

    public static IEndpointRouteBuilder MapPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").RequireAuthorization(ApiKeyDefaults.PagePolicy).ExcludeFromDescription();
        pages.MapGet("/", IndexAsync);
        pages.MapGet("/reports/compare.html", CompareAsync);
        pages.MapGet("/reports/brands/{brand}.html", BrandAsync);
        app.MapGet(HtmlLayout.StylesheetPath, (HttpContext http) =>
            {
                http.Response.Headers.CacheControl = "public, max-age=3600";
                return TypedResults.Text(HtmlLayout.Css, "text/css; charset=utf-8");
            })
            .AllowAnonymous().ExcludeFromDescription();
        app.MapSignIn();
        app.MapComparePdf();
        return app;
    }

    // The caller's workspace only: its brands (those its key allows) and its peer sets.
    private static async Task<ContentHttpResult> IndexAsync(
        BrandRepository brands, AccountRepository accounts, PeerSetRepository peerSets, Caller caller, CancellationToken ct) =>
        Page(IndexPage.Render(
            (await brands.ListAsync(caller.Workspace, ct)).Where(b => caller.Allows(b.Id)).ToList(),
            (await accounts.ListAsync(ct: ct)).ToLookup(a => a.Brand, StringComparer.Ordinal),
            caller.IsRestricted ? [] : await peerSets.ListAsync(caller.Workspace, ct)));

    private static Task<ContentHttpResult> CompareAsync(
        string[]? brands, [AsParameters] ReportParameters parameters, ReportService reports, Caller caller, CancellationToken ct) =>
        RenderAsync(() => ComparePage.RenderAsync(ComparePage.Brands(brands), parameters, caller.Scope(parameters.ToQuery()), reports, ct));

    private static Task<ContentHttpResult> BrandAsync(
        string brand, [AsParameters] ReportParameters parameters, ReportService reports, Caller caller, CancellationToken ct) =>
        RenderAsync(async () =>
        {
            var query = caller.Scope(parameters.ToQuery());
            var report = await reports.BrandAsync(brand, query, ct);
            var trend = await reports.BrandScoreTrendAsync(brand, TrendGranularity.Week, query, ct);
            return BrandPage.Render(report, trend, PageFilters.Of(parameters));
        });

    /// <summary>A page, or the reason there is none as a readable page (400 or 404) rather than JSON.</summary>
    private static async Task<ContentHttpResult> RenderAsync(Func<Task<string>> render)
    {
        try
        {
            return Page(await render());
        }
        catch (DomainException error)
        {
            var status = error is NotFoundException ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest;
            var body = $"""<h1>No report</h1><p class="error">{E(error.Message)}</p><p><a href="/">Back to the brands</a></p>""";
            return Page(HtmlLayout.Page("No report", body), status);
        }
    }

    private static ContentHttpResult Page(string html, int status = StatusCodes.Status200OK) => TypedResults.Content(html, HtmlType, statusCode: status);
}
