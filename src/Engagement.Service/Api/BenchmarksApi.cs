using Engagement.Domain.Scoring;
using Engagement.Service.Reports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engagement.Service.Api;

/// <summary><c>/api/v1/benchmarks</c>: the whole benchmark document, as <c>report --all --format json</c> prints it.</summary>
public static class BenchmarksApi
{
    public static IEndpointRouteBuilder MapBenchmarks(this IEndpointRouteBuilder api)
    {
        api.MapGet("/benchmarks", GetAsync)
            .WithTags("Reports")
            .WithName("GetBenchmark").WithSummary("The benchmark document")
            .WithDescription("Every account of the benchmark set with all its measures, KPIs and scores, every brand's score, grade and rank, "
                + "and the distribution per network and KPI: the reference JSON shape of methodology.md §12. CSV: one row per brand x network.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<BenchmarkDocument>, CsvReportResult>> GetAsync(
        [AsParameters] ReportParameters parameters, HttpRequest request, ReportService reports, CancellationToken ct)
    {
        var csv = parameters.WantsCsv(request);
        if (parameters.Benchmark == "industry")
        {
            // Bare "industry" means the subject's industry, and the whole document has no subject.
            throw new ApiParameterException("benchmark", "the benchmark document has no subject brand: use industry:ID");
        }

        var document = await reports.BenchmarkAsync(parameters.ToQuery(), ct);
        return csv
            ? ReportFormat.CsvRows(document.Window, document.Benchmark, ReportCsv.Rows(document), "benchmark")
            : TypedResults.Ok(document);
    }
}
