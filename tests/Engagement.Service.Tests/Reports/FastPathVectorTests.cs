using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Import;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Scoring;
using Engagement.Service.Reports;
using Engagement.Tests.Shared;

namespace Engagement.Service.Tests.Reports;

/// <summary>
/// Every spec vector through the report service over the daily aggregates: benchmark documents
/// and trends must print the reference's expected JSON; a comparison must equal the in-memory
/// engine's (its reference shape is the engine's document, not the service's report).
/// </summary>
public sealed class FastPathVectorTests
{
    [TestCaseSource(typeof(VectorCases), nameof(VectorCases.All))]
    public async Task The_vector_through_the_aggregates_matches(VectorCase vector)
    {
        using var paths = await ReportPaths.CreateAsync();
        await new DatasetImporter(paths.Factory, new AggregateStore(paths.Factory)).ImportAsync([vector.FolderPath]);
        var expected = JsonNode.Parse(await File.ReadAllTextAsync(vector.ExpectedPath))!;
        var benchmark = vector.Benchmark;
        if (vector.Peers is { } peers)
        {
            await new PeerSetRepository(paths.Factory).SetAsync(WorkspaceRepository.Default, "rivals", peers.Append(vector.Subject!));
            benchmark = "peers:rivals";
            expected["benchmark"] = "peers:rivals";
        }

        await paths.LoadEngineAsync();
        var query = new ReportQuery
        {
            From = Date(vector.From),
            To = Date(vector.To),
            Benchmark = BenchmarkSetSpec.Parse(benchmark),
            Settings = new SufficiencySettings(vector.MinEffort, vector.MinUserPosts),
        };
        if (vector.Compare is { } compare)
        {
            var brands = compare.Split(',');
            var fast = await paths.Fast.CompareAsync(brands, query, default);
            var engine = await paths.Engine.CompareAsync(brands, query, default);
            Assert.That(ReportJson.Serialize(fast), Is.EqualTo(ReportJson.Serialize(engine)));
            return;
        }

        var json = vector.Trend is { } trend
            ? ReportJson.Serialize(await paths.Fast.TrendAsync(vector.Subject ?? FirstBrand(expected), TrendBuckets.ParseGranularity(trend), query, default))
            : ReportJson.Serialize(await paths.Fast.BenchmarkAsync(query, default));
        using var reference = JsonDocument.Parse(expected.ToJsonString());
        using var actual = JsonDocument.Parse(json);
        Assert.That(JsonComparer.Differences(reference.RootElement, actual.RootElement), Is.Empty);
    }

    private static DateOnly? Date(string? text) => text is null ? null : DateOnly.Parse(text, CultureInfo.InvariantCulture);

    // A trend of benchmark `all` is the same whichever brand asks for it.
    private static string FirstBrand(JsonNode expected) => expected["buckets"]![0]!["brands"]![0]!["brand"]!.GetValue<string>();
}
