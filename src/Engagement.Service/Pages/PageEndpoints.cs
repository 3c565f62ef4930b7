using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;
using Engagement.Domain.Scoring;
using Engagement.Service.Api;
using Engagement.Service.Hosting.Authentication;
using Engagement.Service.Pages.Collectors;
using Engagement.Service.Pages.Home;
using Engagement.Service.Pages.Layout;
using Engagement.Service.Pages.Onboarding;
using Engagement.Service.Reports;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engagement.Service.Pages;

/// <summary>
/// The server-rendered pages: <c>/</c> (the dashboard), onboarding (<c>/brands/new</c>, <c>/brands/{brand}/edit</c>,
/// <c>/brands/{brand}/collection</c>, <c>/peer-sets/new</c>), <c>/collectors</c>, <c>/reports/compare.html</c>, <c>/reports/brands/{brand}.html</c>,
/// <c>/docs/{name}</c>. Each is a Razor component rendered on the server (static rendering, no script)
/// by a minimal endpoint, so the pages share the API's authentication, parameters and report path.
/// A key by header or sign-in cookie is needed; without one the browser is sent to /signin.
/// </summary>
public static class PageEndpoints
{
    /// <summary>The services Razor components need to render from minimal endpoints.</summary>
    public static IHostApplicationBuilder AddPages(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents();
        return builder;
    }

    public static IEndpointRouteBuilder MapPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").RequireAuthorization(ApiKeyDefaults.PagePolicy).ExcludeFromDescription();
        pages.MapDashboard();
        pages.MapOnboarding();
        pages.MapCollectorsPage();
        pages.MapGet(Links.ComparePath, CompareAsync);
        pages.MapGet("/reports/brands/{brand}.html", BrandAsync);
        app.MapGet("/docs/{name}", Doc).AllowAnonymous().ExcludeFromDescription();
        app.MapGet(SiteStyles.Path, (HttpContext http) =>
            {
                http.Response.Headers.CacheControl = "public, max-age=3600";
                return TypedResults.Text(SiteStyles.Css, "text/css; charset=utf-8");
            })
            .AllowAnonymous().ExcludeFromDescription();
        app.MapSignIn();
        return app;
    }

    /// <summary>A page: the component with its parameters, as a whole HTML document.</summary>
    internal static RazorComponentResult Page<T>(int status, Dictionary<string, object?> parameters) where T : IComponent =>
        new RazorComponentResult<T>(parameters) { StatusCode = status };

    internal static RazorComponentResult Page<T>(Dictionary<string, object?> parameters) where T : IComponent =>
        Page<T>(StatusCodes.Status200OK, parameters);

    private static RazorComponentResult Doc(string name, HttpContext http) =>
        Methodology.Find(name) is { } doc
            ? Page<DocPage>(new()
            {
                [nameof(DocPage.Doc)] = doc,
                [nameof(DocPage.Current)] = $"/docs/{name}",
                [nameof(DocPage.SignedIn)] = http.User.Identity?.IsAuthenticated == true || http.Request.Cookies.ContainsKey(ApiKeyDefaults.CookieName),
            })
            : Page<ErrorPage>(StatusCodes.Status404NotFound, new()
            {
                [nameof(ErrorPage.Title)] = "No such document",
                [nameof(ErrorPage.Message)] = $"There is no document '{name}'.",
            });

    private static Task<RazorComponentResult> CompareAsync(
        string[]? brands, [AsParameters] ReportParameters parameters, ReportService reports, CancellationToken ct) =>
        RenderAsync(async () =>
        {
            var list = (brands ?? []).SelectMany(b => b.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToList();
            if (list.Count == 0)
            {
                throw new ApiParameterException("brands", "choose the brands to compare: ?brands=a,b,c");
            }

            var query = parameters.ToQuery();
            var compared = await reports.CompareWithDistributionAsync(list, query, ct);
            var trend = await reports.BrandScoreTrendAsync(list[0], TrendGranularity.Week, query, ct);
            return Legacy(string.Join(" vs ", list), ComparePage.Render(compared.Report, compared.Distribution, trend, PageFilters.Of(parameters)));
        });

    private static Task<RazorComponentResult> BrandAsync(
        string brand, [AsParameters] ReportParameters parameters, ReportService reports, CancellationToken ct) =>
        RenderAsync(async () =>
        {
            var query = parameters.ToQuery();
            var report = await reports.BrandAsync(brand, query, ct);
            var trend = await reports.BrandScoreTrendAsync(brand, TrendGranularity.Week, query, ct);
            return Legacy(report.Name, BrandPage.Render(report, trend, PageFilters.Of(parameters)));
        });

    private static RazorComponentResult Legacy(string title, string body) =>
        Page<LegacyPage>(new() { [nameof(LegacyPage.Title)] = title, [nameof(LegacyPage.Body)] = new MarkupString(body) });

    /// <summary>A page, or the reason there is none as a readable page (400 or 404) rather than JSON.</summary>
    internal static async Task<RazorComponentResult> RenderAsync(Func<Task<RazorComponentResult>> render)
    {
        try
        {
            return await render();
        }
        catch (DomainException error)
        {
            var status = error is NotFoundException ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest;
            return Page<ErrorPage>(status, new() { [nameof(ErrorPage.Message)] = error.Message });
        }
    }
}
