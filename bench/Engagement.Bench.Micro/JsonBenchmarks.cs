using BenchmarkDotNet.Attributes;
using Engagement.Domain.Scoring;
using Engagement.Service.Reports;

namespace Engagement.Bench.Micro;

/// <summary>The full document of 90,000 accounts as JSON: the serializer alone vs the chunked writer (same bytes).</summary>
[MemoryDiagnoser]
public class JsonBenchmarks
{
    private BenchmarkDocument _document = null!;

    [GlobalSetup]
    public void Setup()
    {
        var aggregates = new AggregateBenchmarks();
        aggregates.Setup();
        var result = aggregates.Score();
        _document = new BenchmarkDocument(BenchmarkDocument.SpecVersion, Population.Window, "all", result.Accounts, result.Brands, result.Distribution);
    }

    [Benchmark(Baseline = true, Description = "ReportJson.Serialize (one thread, UTF-16 string)")]
    public int Serializer() => ReportJson.Serialize(_document).Length;

    [Benchmark(Description = "BenchmarkJson.Serialize (chunks on every core, UTF-8)")]
    public int Chunked() => BenchmarkJson.Serialize(_document).Length;
}
