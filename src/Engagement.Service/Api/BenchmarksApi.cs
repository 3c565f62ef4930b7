using System.ComponentModel;
using Engagement.Domain.Scoring;
using Engagement.Service.Reports;
using Engagement.Service.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engagement.Service.Api;

/// <summary>
/// <c>/api/v1/benchmarks</c>: the benchmark document a page at a time (at 30,000 brands it is
/// ~70 MB whole), and <c>/api/v1/benchmarks/download</c>, the whole document as
/// <c>report --all --format json</c> prints it, for bulk clients.
/// </summary>
public static class BenchmarksApi
{
    public static IEndpointRouteBuilder MapBenchmarks(this IEndpointRouteBuilder api)
    {
        api.MapGet("/benchmarks", GetAsync)
            .WithTags("Reports")
            .WithName("GetBenchmark").WithSummary("The benchmark document, paged")
            .WithDescription("Every account of the benchmark set with all its measures, KPIs and scores, every brand's score, grade and rank, "
                + "and the distribution per network and KPI (methodology.md §12). Sets all and industry span the whole store, peers:NAME is the workspace's. 403 for a brand-restricted key. A page holds up to limit accounts and up to limit brands "
                + "(the same offsets of both arrays) and the whole distribution; follow next until it is null. CSV: every row, one per brand x network.")
            .Paged()
            .WithDataVersionCaching()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/benchmarks/download", DownloadAsync)
            .WithTags("Reports")
            .WithName("DownloadBenchmark").WithSummary("The whole benchmark document")
            .WithDescription("The unpaged benchmark document in the reference JSON shape of methodology.md §12, as a file; "
                + "its data version is in the Engagement-Data-Version header. 403 for a brand-restricted key.")
            .WithDataVersionCaching()
            .Produces<BenchmarkDocument>(contentType: "application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<BenchmarkPage>, CsvReportResult>> GetAsync(
        [AsParameters] ReportParameters parameters,
        [AsParameters] PageQuery page,
        HttpContext context,
        ReportService reports,
        Caller caller,
        CancellationToken ct)
    {
        var csv = parameters.WantsCsv(context.Request);
        ApiPaging.Limit(page.Limit);
        var query = Query(parameters, caller);
        var document = await reports.BenchmarkAsync(query, ct);
        if (csv)
        {
            return ReportFormat.CsvRows(document.Window, document.Benchmark, ReportCsv.Rows(document), "benchmark");
        }

        var total = Math.Max(document.Accounts.Count, document.Brands.Count);
        var (start, count, next) = ApiPaging.Range(context.Request, total, page, ApiCaching.Version(context));
        return TypedResults.Ok(new BenchmarkPage(
            document.Spec,
            ApiCaching.Version(context) ?? 0,
            document.Window,
            document.Benchmark,
            Slice(document.Accounts, start, count),
            Slice(document.Brands, start, count),
            document.Distribution,
            next));
    }

    private static async Task<Results<FileContentHttpResult, CsvReportResult>> DownloadAsync(
        [AsParameters] ReportParameters parameters, HttpRequest request, ReportService reports, Caller caller, CancellationToken ct)
    {
        if (parameters.WantsCsv(request))
        {
            var document = await reports.BenchmarkAsync(Query(parameters, caller), ct);
            return ReportFormat.CsvRows(document.Window, document.Benchmark, ReportCsv.Rows(document), "benchmark");
        }

        var json = await reports.BenchmarkJsonAsync(Query(parameters, caller), ct);
        return TypedResults.File(json, "application/json", "benchmark.json");
    }

    private static ReportQuery Query(ReportParameters parameters, Caller caller)
    {
        if (caller.IsRestricted)
        {
            // The document holds every brand of the set: a key restricted to its brands sees their reports only.
            throw new ForbiddenException("this key is restricted to its brands: it reads their reports, not the whole benchmark document");
        }

        if (parameters.Benchmark == "industry")
        {
            // Bare "industry" means the subject's industry, and the whole document has no subject.
            throw new ApiParameterException("benchmark", "the benchmark document has no subject brand: use industry:ID");
        }

        return caller.Scope(parameters.ToQuery());
    }

    private static List<T> Slice<T>(IReadOnlyList<T> items, int start, int count) => items.Skip(start).Take(count).ToList();
}

[Description("A page of the benchmark document: the accounts and brands at the page's offsets, and the whole distribution.")]
public sealed record BenchmarkPage(
    [property: Description("The methodology the scores follow.")] string Spec,
    [property: Description("The store's data version the document was computed from.")] long DataVersion,
    ReportWindow Window,
    [property: Description("The benchmark set, e.g. all, industry:studio or peers:montreal-studios.")] string Benchmark,
    [property: Description("Accounts of the benchmark set, ordered as in the whole document.")] IReadOnlyList<AccountMeasures> Accounts,
    [property: Description("Brands of the benchmark set, ordered as in the whole document.")] IReadOnlyList<BrandScore> Brands,
    [property: Description("Per network and KPI, the benchmark distribution (every page has all of it).")] IReadOnlyList<DistributionRow> Distribution,
    [property: Description("The URL of the next page, or null on the last one.")] string? Next);
