using System.Text.Json;
using Engagement.Data.Store;
using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Import;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Scoring;

namespace Engagement.Data.Tests.Store;

public sealed class ScoringInputLoaderTests(string provider) : StoreTests(provider)
{
    [TestCase("basic", "expected.json", "2024-03-01", "2024-03-11")]
    [TestCase("edge-cases", "expected.json", "2024-05-01", "2024-05-15")]
    [TestCase("benchmarks", "expected-all.json", "2024-06-01", "2024-06-29")]
    public async Task The_loaded_store_scores_as_the_vector_expects(string vector, string expectedFile, string from, string to)
    {
        await using var store = await CreateStoreAsync();
        await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([TestStore.Vectors(vector)]);

        var input = await new ScoringInputLoader(store.Factory).LoadAsync();
        var document = ScoringEngine.Benchmark(
            input, new ReportRequest(BenchmarkSetSpec.All, From: DateOnly.Parse(from), To: DateOnly.Parse(to)));

        using var expected = JsonDocument.Parse(File.ReadAllText(TestStore.Vectors(vector, expectedFile)));
        AssertSameBrands(document.Brands, expected.RootElement.GetProperty("brands"));
        AssertSameActivity(document.Accounts, expected.RootElement.GetProperty("accounts"));
    }

    [Test]
    public async Task A_stored_peer_set_is_a_benchmark_set()
    {
        await using var store = await CreateStoreAsync();
        await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([TestStore.Vectors("benchmarks")]);
        await new PeerSetRepository(store.Factory).SetAsync(WorkspaceRepository.Default, "rivals", ["lynx", "viper"]);

        var input = await new ScoringInputLoader(store.Factory).LoadAsync();
        var document = ScoringEngine.Benchmark(input, new ReportRequest(
            BenchmarkSetSpec.Parse("peers:rivals"), Subject: "otter", From: new DateOnly(2024, 6, 1), To: new DateOnly(2024, 6, 29)));

        using var expected = JsonDocument.Parse(File.ReadAllText(TestStore.Vectors("benchmarks", "expected-peers-otter-lynx-viper.json")));
        AssertSameBrands(document.Brands, expected.RootElement.GetProperty("brands"));
    }

    private static void AssertSameBrands(IReadOnlyList<BrandScore> actual, JsonElement expected)
    {
        var rows = expected.EnumerateArray().ToList();
        Assert.That(actual.Select(b => b.Brand), Is.EqualTo(rows.Select(r => r.GetProperty("brand").GetString())));
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var brand = actual[i];
            var score = IsNull(row.GetProperty("score")) ? (double?)null : row.GetProperty("score").GetDouble();
            Assert.That(brand.Score.HasValue, Is.EqualTo(score.HasValue), brand.Brand);
            if (score is { } value)
            {
                Assert.That(brand.Score!.Value, Is.EqualTo(value).Within(1e-9 * Math.Max(Math.Abs(value), 1)), brand.Brand);
            }

            Assert.That(brand.Grade, Is.EqualTo(row.GetProperty("grade").GetString()), brand.Brand);
            Assert.That(brand.Rank, Is.EqualTo(IsNull(row.GetProperty("rank")) ? (int?)null : row.GetProperty("rank").GetInt32()), brand.Brand);
        }
    }

    // The counts show that the loader found every post of, replying to and mentioning each account.
    private static void AssertSameActivity(IReadOnlyList<AccountMeasures> actual, JsonElement expected)
    {
        var expectedRows = expected.EnumerateArray()
            .Select(r => string.Join(' ', new[] { "brand", "network", "handle", "posts", "answers", "userPosts", "answeredUserPosts", "interactions" }
                .Select(name => r.GetProperty(name).ToString())))
            .ToList();
        var actualRows = JsonSerializer.SerializeToElement(actual, ReportJson.Options).EnumerateArray()
            .Select(r => string.Join(' ', new[] { "brand", "network", "handle", "posts", "answers", "userPosts", "answeredUserPosts", "interactions" }
                .Select(name => r.GetProperty(name).ToString())))
            .ToList();
        Assert.That(actualRows, Is.EqualTo(expectedRows));
    }

    private static bool IsNull(JsonElement element) => element.ValueKind == JsonValueKind.Null;
}
