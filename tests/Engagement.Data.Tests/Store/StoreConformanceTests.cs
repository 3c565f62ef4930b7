using System.Globalization;
using System.Text.Json;
using Engagement.Data.Store;
using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Import;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Scoring;
using Engagement.Tests.Shared;

namespace Engagement.Data.Tests.Store;

/// <summary>
/// Every spec vector imported into the store and loaded back for scoring must print the
/// reference's expected JSON, field for field, on each provider: the store adds nothing, loses
/// nothing and reorders nothing the engine can see.
/// </summary>
public sealed class StoreConformanceTests(string provider) : StoreTests(provider)
{
    [TestCaseSource(typeof(VectorCases), nameof(VectorCases.All))]
    public async Task The_vector_scored_from_the_store_matches_the_reference(VectorCase vector)
    {
        await using var store = await CreateStoreAsync();
        await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([vector.FolderPath]);
        var benchmark = vector.Benchmark;
        using var expected = JsonDocument.Parse(await File.ReadAllTextAsync(vector.ExpectedPath));
        var expectedJson = expected.RootElement.GetRawText();
        if (vector.Peers is { } peers)
        {
            // A stored peer set is named with the id charset; it holds the peers plus the subject.
            await new PeerSetRepository(store.Factory).SetAsync(WorkspaceRepository.Default, "rivals", peers.Append(vector.Subject!));
            benchmark = "peers:rivals";
            expectedJson = expectedJson.Replace($"\"{vector.Benchmark}\"", "\"peers:rivals\"", StringComparison.Ordinal);
        }

        var input = await new ScoringInputLoader(store.Factory).LoadAsync();
        var request = new ReportRequest(
            BenchmarkSetSpec.Parse(benchmark),
            vector.Subject,
            vector.From is null ? null : DateOnly.Parse(vector.From, CultureInfo.InvariantCulture),
            vector.To is null ? null : DateOnly.Parse(vector.To, CultureInfo.InvariantCulture),
            new SufficiencySettings(vector.MinEffort, vector.MinUserPosts));
        var json = vector switch
        {
            { Trend: { } trend } => ReportJson.Serialize(ScoringEngine.Trend(input, request, TrendBuckets.ParseGranularity(trend))),
            { Compare: { } compare } => ReportJson.Serialize(ScoringEngine.Compare(input, request, compare.Split(','))),
            _ => ReportJson.Serialize(ScoringEngine.Benchmark(input, request)),
        };

        using var reference = JsonDocument.Parse(expectedJson);
        using var actual = JsonDocument.Parse(json);
        Assert.That(JsonComparer.Differences(reference.RootElement, actual.RootElement), Is.Empty);
    }
}
