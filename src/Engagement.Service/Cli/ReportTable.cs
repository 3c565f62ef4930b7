using System.Globalization;
using Engagement.Domain.Scoring;
using Engagement.Service.Reports;
using Spectre.Console;

namespace Engagement.Service.Cli;

/// <summary>Readable terminal tables; a value in brackets is insufficient (reported, not scored).</summary>
public static class ReportTable
{
    public static void WriteComparison(IAnsiConsole console, ComparisonReport report)
    {
        console.WriteLine($"{report.Spec} | window {Day(report.Window.From)} to {Day(report.Window.To)} (exclusive) | benchmark {report.Benchmark}: {report.BenchmarkBrands} brands");
        var brands = new Table().Title("Brand scores").AddColumns("brand", "score", "grade", "rank");
        foreach (var brand in report.Brands)
        {
            brands.AddRow(brand.Brand, Number(brand.Score, "0.0"), brand.Grade ?? "-", brand.Rank?.ToString(CultureInfo.InvariantCulture) ?? "unranked");
        }

        console.Write(brands);
        foreach (var network in report.Rows.GroupBy(r => r.Network))
        {
            var populations = network.First().Populations;
            var table = new Table()
                .Title($"{network.Key} (populations: impact {populations.Impact}, engagement {populations.Engagement}, responsiveness {populations.Responsiveness})")
                .AddColumns("brand", "handle", "posts", "answers", "user posts", "impact", "engagement", "responsiveness", "channel", "share of conv.");
            foreach (var row in network)
            {
                var m = row.Measures;
                table.AddRow(
                    row.Brand,
                    Markup.Escape(row.Handle),
                    m.Posts.ToString(CultureInfo.InvariantCulture),
                    m.Answers.ToString(CultureInfo.InvariantCulture),
                    m.UserPosts.ToString(CultureInfo.InvariantCulture),
                    Kpi(m.Impact, m.Sufficient.Impact, m.Scores.Impact, "N0"),
                    Kpi(m.Engagement, m.Sufficient.Engagement, m.Scores.Engagement, "0.0"),
                    Kpi(m.Responsiveness, m.Sufficient.Responsiveness, m.Scores.Responsiveness, "0%"),
                    Number(m.Scores.Channel, "0.0"),
                    Number(row.ShareOfConversation, "0%"));
            }

            console.Write(table);
        }

        console.WriteLine("KPI cells: value (score 0-100); [value] = insufficient data, not scored.");
    }

    public static void WriteBenchmark(IAnsiConsole console, BenchmarkDocument document)
    {
        console.WriteLine($"{document.Spec} | window {Day(document.Window.From)} to {Day(document.Window.To)} (exclusive) | benchmark {document.Benchmark}");
        var table = new Table().Title("Brands by rank").AddColumns("rank", "brand", "score", "grade");
        foreach (var brand in document.Brands.OrderBy(b => b.Rank ?? int.MaxValue).ThenBy(b => b.Brand, StringComparer.Ordinal))
        {
            table.AddRow(brand.Rank?.ToString(CultureInfo.InvariantCulture) ?? "-", brand.Brand, Number(brand.Score, "0.0"), brand.Grade ?? "-");
        }

        console.Write(table);
    }

    private static string Kpi(double? value, bool sufficient, double? score, string format) => value switch
    {
        null => "-",
        { } v when !sufficient => Markup.Escape($"[{v.ToString(format, CultureInfo.InvariantCulture)}]"),
        { } v => $"{v.ToString(format, CultureInfo.InvariantCulture)} ({score?.ToString("0", CultureInfo.InvariantCulture)})",
    };

    private static string Number(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "-";

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
