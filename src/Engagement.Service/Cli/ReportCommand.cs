using System.CommandLine;
using Engagement.Domain.Scoring;
using Engagement.Service.Reports;

namespace Engagement.Service.Cli;

/// <summary>
/// <c>report --brand B [--vs C,D]</c>: a comparison of brands x networks; <c>report --all</c>:
/// the whole benchmark document in the reference JSON shape.
/// </summary>
public static class ReportCommand
{
    public static Command Create(CliContext context)
    {
        var brand = new Option<string?>("--brand") { Description = "the subject brand" };
        var versus = new Option<string?>("--vs") { Description = "brands to compare with, comma-separated" };
        var all = new Option<bool>("--all") { Description = "the whole benchmark document (accounts, brands, distribution)" };
        var from = new Option<string?>("--from") { Description = "first UTC day included, YYYY-MM-DD (default: to - 30 days)" };
        var to = new Option<string?>("--to") { Description = "first UTC day excluded, YYYY-MM-DD (default: the day after the latest post)" };
        var benchmark = new Option<string>("--benchmark")
        {
            Description = "all | industry (the subject's) | industry:ID | peers:NAME",
            DefaultValueFactory = _ => "all",
        };
        var format = new Option<string>("--format") { Description = "table | json | csv", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var minEffort = new Option<int>("--min-effort") { Description = "effort needed for impact and engagement to be scored", DefaultValueFactory = _ => 3 };
        var minUserPosts = new Option<int>("--min-user-posts") { Description = "user posts needed for responsiveness to be scored", DefaultValueFactory = _ => 5 };

        var command = new Command("report", "Score brands against a benchmark set") { brand, versus, all, from, to, benchmark, format, minEffort, minUserPosts };
        command.SetAction(async (parse, ct) =>
        {
            var query = new ReportQuery(
                CommonOptions.ParseDate(parse.GetValue(from), "--from"),
                CommonOptions.ParseDate(parse.GetValue(to), "--to"),
                parse.GetValue(benchmark)!,
                parse.GetValue(minEffort),
                parse.GetValue(minUserPosts));
            var subject = parse.GetValue(brand);
            if (parse.GetValue(all) == (subject is not null))
            {
                throw new UsageException("give either --brand B (with optional --vs C,D) or --all");
            }

            var store = await StoreContext.OpenAsync(parse.GetValue(CommonOptions.Database)!, ct);
            var output = parse.GetValue(format)!;
            if (subject is null && output == "json")
            {
                // The store keeps the document per data version: a repeated request is read, not scored.
                BenchmarkJson.WriteLine(context.Output, await store.Reports.BenchmarkJsonAsync(query, ct));
            }
            else if (subject is null)
            {
                var document = await store.Reports.BenchmarkAsync(query, ct);
                WriteBenchmark(context, document, output);
            }
            else
            {
                var brands = new[] { subject }.Concat(CommonOptions.SplitList(parse.GetValue(versus))).ToList();
                var report = await store.Reports.CompareAsync(brands, query, ct);
                WriteComparison(context, report, output);
            }

            return EngagementCli.Ok;
        });
        return command;
    }

    private static void WriteBenchmark(CliContext context, BenchmarkDocument document, string format)
    {
        switch (format)
        {
            case "json":
                context.Output.WriteLine(ReportJson.Serialize(document));
                break;
            case "csv":
                ReportCsv.Write(context.Output, document.Window, document.Benchmark, ReportCsv.Rows(document));
                break;
            default:
                ReportTable.WriteBenchmark(context.Ansi(), document);
                break;
        }
    }

    private static void WriteComparison(CliContext context, ComparisonReport report, string format)
    {
        switch (format)
        {
            case "json":
                context.Output.WriteLine(ReportJson.Serialize(report));
                break;
            case "csv":
                ReportCsv.Write(context.Output, report.Window, report.Benchmark, report.Rows);
                break;
            default:
                ReportTable.WriteComparison(context.Ansi(), report);
                break;
        }
    }
}
