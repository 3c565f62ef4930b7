using CsvHelper;
using Engagement.Data.Csv;
using Engagement.Domain.Scoring;
using Engagement.Service.Reports;

namespace Engagement.Service.Api;

/// <summary>A trend as CSV: the report columns, one row per bucket x network of the brand; from/to are the bucket's.</summary>
public static class TrendCsv
{
    public static void Write(TextWriter writer, TrendDocument trend, string brand)
    {
        using var csv = CsvWriter.Create(writer, CanonicalCsv.WriterOptions, leaveOpen: true);
        csv.WriteRecords(trend.Buckets.SelectMany(bucket =>
        {
            var window = new ReportWindow(bucket.From, bucket.To);
            var document = new BenchmarkDocument(trend.Spec, window, trend.Benchmark, bucket.Accounts, bucket.Brands, bucket.Distribution);
            return ReportCsv.Rows(document).Where(row => row.Brand == brand).Select(row => ReportCsvRow.Create(window, trend.Benchmark, row));
        }));
    }
}
