using System.ComponentModel;
using Engagement.Domain.Model;
using Engagement.Domain.Scoring;
using Engagement.Service.Reports;
using Engagement.Service.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engagement.Service.Api;

/// <summary><c>/api/v1/reports</c>: a brand's report, a comparison of brands, a brand's trend. JSON or CSV.</summary>
public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder api)
    {
        var reports = api.MapGroup("/reports").WithTags("Reports");
        reports.MapGet("/brands/{brand}", BrandAsync)
            .WithDataVersionCaching()
            .WithName("GetBrandReport").WithSummary("A brand's report")
            .WithDescription("Brand score, grade and rank in the benchmark set, and per network every KPI with its sufficiency flag, the KPI scores, "
                + "the channel score, the population sizes and the benchmark distribution (p10-p90). CSV: one row per network.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        reports.MapGet("/compare", CompareAsync)
            .WithDataVersionCaching()
            .WithName("CompareBrands").WithSummary("Compare brands")
            .WithDescription("Brands x networks against the benchmark set of the first brand, with each brand's share of conversation "
                + "among the compared brands. CSV: one row per brand x network.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        reports.MapGet("/brands/{brand}/trend", TrendAsync)
            .WithDataVersionCaching()
            .WithName("GetBrandTrend").WithSummary("A brand's trend")
            .WithDescription("The brand's benchmark set scored per ISO week or calendar month; each bucket is exactly the report of its own window. "
                + "CSV: the brand's rows, one per bucket x network.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<BrandReport>, CsvReportResult>> BrandAsync(
        [Description("Brand id.")] string brand, [AsParameters] ReportParameters parameters, HttpRequest request, ReportService reports, Caller caller, CancellationToken ct)
    {
        var csv = parameters.WantsCsv(request);
        var report = await reports.BrandAsync(brand, caller.Scope(parameters.ToQuery()), ct);
        return csv
            ? ReportFormat.CsvRows(report.Window, report.Benchmark, ReportCsv.Rows(report), $"brand-{brand}")
            : TypedResults.Ok(report with { DataVersion = ApiCaching.Version(request.HttpContext) });
    }

    private static async Task<Results<Ok<ComparisonReport>, CsvReportResult>> CompareAsync(
        [Description("Comma-separated brand ids; the first is the subject whose benchmark set is used.")] string? brands,
        [AsParameters] ReportParameters parameters,
        HttpRequest request,
        ReportService reports,
        Caller caller,
        CancellationToken ct)
    {
        var csv = parameters.WantsCsv(request);
        var list = (brands ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (list.Length == 0)
        {
            throw new ApiParameterException("brands", "give the brands to compare: brands=a,b,c");
        }

        var report = await reports.CompareAsync(list, caller.Scope(parameters.ToQuery()), ct);
        return csv
            ? ReportFormat.CsvRows(report.Window, report.Benchmark, report.Rows, "compare")
            : TypedResults.Ok(report with { DataVersion = ApiCaching.Version(request.HttpContext) });
    }

    private static async Task<Results<Ok<TrendDocument>, CsvReportResult>> TrendAsync(
        [Description("Brand id.")] string brand,
        [Description("week (ISO weeks, default) or month.")] string? granularity,
        [AsParameters] ReportParameters parameters,
        HttpRequest request,
        ReportService reports,
        Caller caller,
        CancellationToken ct)
    {
        var csv = parameters.WantsCsv(request);
        TrendGranularity buckets;
        try
        {
            buckets = string.IsNullOrEmpty(granularity) ? TrendGranularity.Week : TrendBuckets.ParseGranularity(granularity);
        }
        catch (DomainException unknown)
        {
            throw new ApiParameterException("granularity", unknown.Message);
        }

        var trend = await reports.TrendAsync(brand, buckets, caller.Scope(parameters.ToQuery()), ct);
        return csv
            ? new CsvReportResult(writer => TrendCsv.Write(writer, trend, brand), $"trend-{brand}-{ReportFormat.Day(trend.Window.From)}-{ReportFormat.Day(trend.Window.To)}.csv")
            : TypedResults.Ok(trend with { DataVersion = ApiCaching.Version(request.HttpContext) });
    }
}
