using System.CommandLine;
using Engagement.Domain.Scoring;
using Engagement.Service.Api;
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
        var format = new Option<ReportOutput>("--format")
        {
            Description = "table | json | csv",
            DefaultValueFactory = _ => ReportOutput.Table,
            CustomParser = result => ReportFormat.Parse(result.Tokens[^1].Value) ?? Invalid<ReportOutput>(result, "table, json or csv"),
        };
        var minEffort = new Option<int>("--min-effort")
        {
            Description = "effort needed for impact and engagement to be scored",
            DefaultValueFactory = _ => SufficiencySettings.DefaultMinEffort,
        };
        var minUserPosts = new Option<int>("--min-user-posts")
        {
            Description = "user posts needed for responsiveness to be scored",
            DefaultValueFactory = _ => SufficiencySettings.DefaultMinUserPosts,
        };

        var workspace = CommonOptions.Workspace();
        var command = new Command("report", "Score brands against a benchmark set")
        {
            brand, versus, all, from, to, benchmark, format, minEffort, minUserPosts, workspace,
        };
        command.SetAction(async (parse, ct) =>
        {
            var query = new ReportQuery
            {
                From = CommonOptions.ParseDate(parse.GetValue(from), "--from"),
                To = CommonOptions.ParseDate(parse.GetValue(to), "--to"),
                Benchmark = BenchmarkSetSpec.Parse(parse.GetValue(benchmark)!),
                Settings = new SufficiencySettings(parse.GetValue(minEffort), parse.GetValue(minUserPosts)),
                Workspace = parse.GetValue(workspace)!,
            };
            var subject = parse.GetValue(brand);
            if (parse.GetValue(all) == (subject is not null))
            {
                throw new UsageException("give either --brand B (with optional --vs C,D) or --all");
            }

            await using var host = await CliHost.OpenAsync(parse, ct, mustExist: true, CliServices.Core);
            var reports = host.Get<ReportService>();
            var output = parse.GetValue(format);
            if (subject is null && output == ReportOutput.Json)
            {
                // The store keeps the document per data version: a repeated request is read, not scored.
                await reports.BenchmarkJsonAsync(query, (json, _) =>
                {
                    BenchmarkJson.WriteLine(context.Output, json);
                    return Task.CompletedTask;
                }, ct);
            }
            else if (subject is null)
            {
                var document = await reports.BenchmarkAsync(query, ct);
                WriteBenchmark(context, document, output);
            }
            else
            {
                var brands = new[] { subject }.Concat(CommonOptions.SplitList(parse.GetValue(versus))).ToList();
                var report = await reports.CompareAsync(brands, query, ct);
                WriteComparison(context, report, output);
            }

            return EngagementCli.Ok;
        });
        return command;
    }

    private static void WriteBenchmark(CliContext context, BenchmarkDocument document, ReportOutput format)
    {
        switch (format)
        {
            case ReportOutput.Json:
                context.Output.WriteLine(ReportJson.Serialize(document));
                break;
            case ReportOutput.Csv:
                ReportCsv.Write(context.Output, document.Window, document.Benchmark, ReportCsv.Rows(document));
                break;
            default:
                ReportTable.WriteBenchmark(context.Ansi(), document);
                break;
        }
    }

    private static void WriteComparison(CliContext context, ComparisonReport report, ReportOutput format)
    {
        switch (format)
        {
            case ReportOutput.Json:
                context.Output.WriteLine(ReportJson.Serialize(report));
                break;
            case ReportOutput.Csv:
                ReportCsv.Write(context.Output, report.Window, report.Benchmark, report.Rows);
                break;
            default:
                ReportTable.WriteComparison(context.Ansi(), report);
                break;
        }
    }

    private static T Invalid<T>(System.CommandLine.Parsing.ArgumentResult result, string expected)
    {
        result.AddError($"{result.Tokens[^1].Value} is not a format: use {expected}");
        return default!;
    }
}
