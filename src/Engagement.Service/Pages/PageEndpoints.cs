using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;
using Engagement.Domain.Scoring;
using Engagement.Service.Api;
using Engagement.Service.Hosting.Authentication;
using Engagement.Service.Pages.Layout;
using Engagement.Service.Pages.Report;
using Engagement.Service.Reports;
using Engagement.Service.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engagement.Service.Pages;

/// <summary>
/// The server-rendered pages: <c>/</c>, <c>/reports/compare.html</c>, <c>/reports/brands/{brand}.html</c> (and
/// their CSV beside them, <c>.csv</c>),
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
        pages.MapGet("/", IndexAsync);
        pages.MapGet(Links.ComparePath, CompareAsync);
        pages.MapGet("/reports/brands/{brand}.html", BrandAsync);
        pages.MapGet(Links.CompareCsvPath, CompareCsvAsync);
        pages.MapGet("/reports/brands/{brand}.csv", BrandCsvAsync);
        app.MapGet("/docs/{name}", DocAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapGet(SiteStyles.Path, (HttpContext http) =>
            {
                http.Response.Headers.CacheControl = "public, max-age=3600";
                return TypedResults.Text(SiteStyles.Css, "text/css; charset=utf-8");
            })
            .AllowAnonymous().ExcludeFromDescription();
        app.MapSignIn();
        app.MapComparePdf();
        return app;
    }

    /// <summary>A page: the component with its parameters, as a whole HTML document.</summary>
    internal static RazorComponentResult Page<T>(int status, Dictionary<string, object?> parameters) where T : IComponent =>
        new RazorComponentResult<T>(parameters) { StatusCode = status };

    internal static RazorComponentResult Page<T>(Dictionary<string, object?> parameters) where T : IComponent =>
        Page<T>(StatusCodes.Status200OK, parameters);

    // The caller's workspace only: its brands (those its key allows) and its peer sets (none for a restricted key).
    private static async Task<RazorComponentResult> IndexAsync(
        BrandRepository brands, AccountRepository accounts, PeerSetRepository peerSets, Caller caller, CancellationToken ct) =>
        Page<IndexPage>(new()
        {
            [nameof(IndexPage.Brands)] = (await brands.ListAsync(caller.Workspace, ct)).Where(b => caller.Allows(b.Id)).ToList(),
            [nameof(IndexPage.Accounts)] = (await accounts.ListAsync(ct: ct)).ToLookup(a => a.Brand, StringComparer.Ordinal),
            [nameof(IndexPage.PeerSets)] = caller.IsRestricted ? [] : await peerSets.ListAsync(caller.Workspace, ct),
        });

    // Anyone may read the documentation; a signed-in reader also gets the navigation and a sign-out
    // form whose anti-forgery token is made for them, so the session is read here.
    private static async Task<RazorComponentResult> DocAsync(string name, HttpContext http)
    {
        var session = await http.AuthenticateAsync(ApiKeyDefaults.PageScheme);
        if (session is { Succeeded: true, Principal: { } user })
        {
            http.User = user;
        }

        var signedIn = session.Succeeded;
        return Methodology.Find(name) is { } doc
            ? Page<DocPage>(new()
            {
                [nameof(DocPage.Doc)] = doc,
                [nameof(DocPage.Current)] = $"/docs/{name}",
                [nameof(DocPage.SignedIn)] = signedIn,
            })
            : Page<ErrorPage>(StatusCodes.Status404NotFound, new()
            {
                [nameof(ErrorPage.Title)] = "No such document",
                [nameof(ErrorPage.Message)] = $"There is no document '{name}'.",
                [nameof(ErrorPage.SignedIn)] = signedIn,
            });
    }

    private static Task<RazorComponentResult> CompareAsync(
        string[]? brands, string? partial, [AsParameters] ReportParameters parameters, ReportService reports, Caller caller, CancellationToken ct) =>
        RenderAsync(() => ComparePageAsync(BrandList(brands), partial, parameters, caller.Scope(parameters.ToQuery()), reports, ct));

    /// <summary>
    /// The compare page for these brands and this query (<paramref name="parameters"/> parsed and scoped to a
    /// workspace): the one rendering the browser, <c>/compare.pdf</c> and scheduled reports share.
    /// </summary>
    internal static async Task<RazorComponentResult> ComparePageAsync(
        IReadOnlyList<string> list, string? partial, ReportParameters parameters, ReportQuery query, ReportService reports, CancellationToken ct)
    {
        var hidePartial = ReportPageQuery.ParsePartial(partial);
        var compared = await reports.CompareWithDistributionAsync(list, query, ct);
        var trend = await reports.BrandScoreTrendAsync(list[0], TrendGranularity.Week, query, ct);
        var report = compared.Report;
        var pageQuery = new ReportPageQuery(list, parameters, hidePartial);
        var model = new ReportModel
        {
            Title = CompareTitle(list.Select(b => compared.Names[b]).ToList()),
            Window = report.Window,
            Benchmark = report.Benchmark,
            BenchmarkBrands = report.BenchmarkBrands,
            Spec = report.Spec,
            Settings = query.Settings,
            Brands = ReportModel.Coloured(list.Select(b => (b, compared.Names[b]))),
            Rows = report.Rows,
            Distribution = compared.Distribution,
            Trend = trend,
            Query = pageQuery,
            Action = Links.ComparePath,
            CsvLink = $"{Links.CompareCsvPath}?{pageQuery.Report}",
            PdfLink = $"{Links.ComparePdfPath}?{pageQuery.Page}",
        };
        return Page<ComparePage>(new() { [nameof(ComparePage.Model)] = model, [nameof(ComparePage.Scores)] = report.Brands });
    }

    private static Task<RazorComponentResult> BrandAsync(
        string brand, string? partial, [AsParameters] ReportParameters parameters, ReportService reports, Caller caller, CancellationToken ct) =>
        RenderAsync(async () =>
        {
            var query = caller.Scope(parameters.ToQuery());
            var hidePartial = ReportPageQuery.ParsePartial(partial);
            var report = await reports.BrandAsync(brand, query, ct);
            var trend = await reports.BrandScoreTrendAsync(brand, TrendGranularity.Week, query, ct);
            var pageQuery = new ReportPageQuery(null, parameters, hidePartial);
            var model = new ReportModel
            {
                Title = report.Name,
                Window = report.Window,
                Benchmark = report.Benchmark,
                BenchmarkBrands = report.BenchmarkBrands,
                Spec = report.Spec,
                Settings = query.Settings,
                Brands = ReportModel.Coloured([(report.Brand, report.Name)]),
                Rows = ReportCsv.Rows(report).ToList(),
                Distribution = report.Networks.SelectMany(n => n.Distribution).ToList(),
                Trend = trend,
                Query = pageQuery,
                Action = Links.Brand(brand),
                CsvLink = $"{Links.BrandCsv(brand)}?{pageQuery.Report}".TrimEnd('?'),
                PdfLink = $"{Links.ComparePdfPath}?{new ReportPageQuery([brand], parameters, hidePartial).Page}",
            };
            return Page<BrandPage>(new() { [nameof(BrandPage.Model)] = model, [nameof(BrandPage.Report)] = report });
        });

    // The CSV of the page's report, for a browser signed in with the cookie (the API takes keys by header only):
    // the same rows and file as GET /api/v1/reports/compare?format=csv.
    private static async Task<CsvReportResult> CompareCsvAsync(
        string[]? brands, [AsParameters] ReportParameters parameters, ReportService reports, Caller caller, CancellationToken ct)
    {
        var report = await reports.CompareAsync(BrandList(brands), caller.Scope(parameters.ToQuery()), ct);
        return ReportFormat.CsvRows(report.Window, report.Benchmark, report.Rows, "compare");
    }

    private static async Task<CsvReportResult> BrandCsvAsync(
        string brand, [AsParameters] ReportParameters parameters, ReportService reports, Caller caller, CancellationToken ct)
    {
        var report = await reports.BrandAsync(brand, caller.Scope(parameters.ToQuery()), ct);
        return ReportFormat.CsvRows(report.Window, report.Benchmark, ReportCsv.Rows(report), $"brand-{brand}");
    }

    // The index form sends one brands=ID per checkbox; a typed list is comma-separated.
    internal static List<string> BrandList(string[]? brands)
    {
        var list = (brands ?? []).SelectMany(b => b.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToList();
        return list.Count > 0 ? list : throw new ApiParameterException("brands", "choose the brands to compare: ?brands=a,b,c");
    }

    private static string CompareTitle(IReadOnlyList<string> names) => names.Count switch
    {
        1 => names[0],
        <= 3 => string.Join(" vs ", names),
        _ => $"{names[0]} vs {names.Count - 1} brands",
    };

    /// <summary>A page, or the reason there is none as a readable page (400 or 404) rather than JSON.</summary>
    private static async Task<RazorComponentResult> RenderAsync(Func<Task<RazorComponentResult>> render)
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
