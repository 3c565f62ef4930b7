using System.Text;
using Engagement.Data.Csv;
using Engagement.Data.Generation;
using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Import;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Scoring;
using Engagement.Service.Reports;

namespace Engagement.Service.Tests.Reports;

/// <summary>
/// On a generated data set (300 brands x 3 networks x 30 days: log-normal audiences, brands that
/// never answer and brands that answer within hours, replies and mentions), the aggregates and
/// the in-memory engine print the same reports, to the last bit of every double: benchmark
/// documents over several windows and sets, trend buckets, brand reports and comparisons.
/// </summary>
public sealed class FastPathEquivalenceTests
{
    private static readonly DateOnly Start = new(2024, 6, 1);
    private ReportPaths _paths = null!;

    [OneTimeSetUp]
    public async Task GenerateAndImportAsync()
    {
        _paths = await ReportPaths.CreateAsync();
        var data = Path.Combine(_paths.Folder, "data");
        Directory.CreateDirectory(data);
        var generator = new DatasetGenerator(new GeneratorOptions(300, GeneratorOptions.DefaultNetworks, 30, 6, Seed: 11, Start));
        Write(data, DatasetLoader.BrandsFile, w => CanonicalCsv.WriteBrands(w, generator.Brands()));
        Write(data, DatasetLoader.AccountsFile, w => CanonicalCsv.WriteAccounts(w, generator.Accounts()));
        Write(data, DatasetLoader.FollowersFile, w => CanonicalCsv.WriteFollowers(w, generator.Followers()));
        Write(data, DatasetLoader.PostsFile, w => CanonicalCsv.WritePosts(w, generator.Posts()));
        await new DatasetImporter(_paths.Factory, new AggregateStore(_paths.Factory)).ImportAsync([data]);
        var brands = generator.Brands().Select(b => b.Id).ToList();
        await new PeerSetRepository(_paths.Factory).SetAsync(WorkspaceRepository.Default, "rivals", brands.Take(12));
        await _paths.LoadEngineAsync();
    }

    [OneTimeTearDown]
    public void Dispose() => _paths.Dispose();

    public static IEnumerable<TestCaseData> Windows() =>
    [
        new TestCaseData(null, null).SetArgDisplayNames("default window"),
        new TestCaseData("2024-06-01", "2024-07-01").SetArgDisplayNames("the whole month"),
        new TestCaseData("2024-06-04", "2024-06-19").SetArgDisplayNames("mid-month"),
        new TestCaseData("2024-06-29", "2024-06-30").SetArgDisplayNames("one day, answers after it"),
        new TestCaseData("2024-05-20", "2024-07-12").SetArgDisplayNames("beyond the data on both sides"),
    ];

    [TestCaseSource(nameof(Windows))]
    public async Task Benchmark_documents_are_equal(string? from, string? to)
    {
        foreach (var benchmark in new[] { "all", "industry:industry-02", "peers:rivals" })
        {
            var query = Query(from, to, benchmark);
            var fast = await _paths.Fast.BenchmarkAsync(query, default);
            var engine = ReportJson.Serialize(await _paths.Engine.BenchmarkAsync(query, default));
            Assert.That(ReportJson.Serialize(fast), Is.EqualTo(engine), benchmark);
            Assert.That(System.Text.Encoding.UTF8.GetString(BenchmarkJson.Serialize(fast)), Is.EqualTo(engine), "the chunked writer");
        }
    }

    [TestCase("week")]
    [TestCase("month")]
    public async Task Trend_buckets_are_equal(string granularity)
    {
        var query = Query("2024-05-27", "2024-07-03", "industry");
        var brand = (await new BrandRepository(_paths.Factory).ListAsync()).First().Id;
        var buckets = TrendBuckets.ParseGranularity(granularity);
        Assert.That(
            ReportJson.Serialize(await _paths.Fast.TrendAsync(brand, buckets, query, default)),
            Is.EqualTo(ReportJson.Serialize(await _paths.Engine.TrendAsync(brand, buckets, query, default))));
    }

    [TestCase("week", "all")]
    [TestCase("month", "industry")]
    public async Task A_pages_trend_draws_the_trend_documents_brand_scores(string granularity, string benchmark)
    {
        var query = Query("2024-05-27", "2024-07-03", benchmark);
        var brands = (await new BrandRepository(_paths.Factory).ListAsync()).Select(b => b.Id).Where((_, i) => i % 23 == 0).ToList();
        var buckets = TrendBuckets.ParseGranularity(granularity);
        var full = await _paths.Engine.TrendAsync(brands[0], buckets, query, default);
        foreach (var paths in new[] { _paths.Fast, _paths.Engine })
        {
            var page = await paths.BrandScoreTrendAsync(brands[0], buckets, query, default);
            Assert.That(page.Granularity, Is.EqualTo(full.Granularity));
            Assert.That(page.Buckets.Select(b => (b.From, b.To)), Is.EqualTo(full.Buckets.Select(b => (b.From, b.To))));
            Assert.That(
                brands.Select(brand => page.Scores.Select(bucket => bucket.Of(brand)).ToList()),
                Is.EqualTo(brands.Select(brand => full.Buckets.Select(b => b.Brands.FirstOrDefault(s => s.Brand == brand)?.Score).ToList())));
        }
    }

    [TestCaseSource(nameof(Windows))]
    public async Task Brand_reports_and_comparisons_are_equal(string? from, string? to)
    {
        var brands = (await new BrandRepository(_paths.Factory).ListAsync()).Select(b => b.Id).Where((_, i) => i % 37 == 0).ToList();
        var query = Query(from, to, "all");
        foreach (var brand in brands)
        {
            Assert.That(
                ReportJson.Serialize(await _paths.Fast.BrandAsync(brand, query, default)),
                Is.EqualTo(ReportJson.Serialize(await _paths.Engine.BrandAsync(brand, query, default))),
                brand);
        }

        Assert.That(
            ReportJson.Serialize(await _paths.Fast.CompareAsync(brands, query, default)),
            Is.EqualTo(ReportJson.Serialize(await _paths.Engine.CompareAsync(brands, query, default))));
    }

    private static ReportQuery Query(string? from, string? to, string benchmark) =>
        new()
        {
            From = from is null ? null : DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            To = to is null ? null : DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture),
            Benchmark = BenchmarkSetSpec.Parse(benchmark),
        };

    private static void Write(string folder, string file, Action<TextWriter> write)
    {
        using var writer = new StreamWriter(Path.Combine(folder, file), append: false, new UTF8Encoding(false));
        write(writer);
    }
}
