using System.Text.Json;
using Engagement.Data.Csv;
using Engagement.Domain.Scoring;
using Engagement.Tests.Shared;

namespace Engagement.Data.Tests.Conformance;

/// <summary>
/// Every data set of spec/vectors, loaded through the canonical CSV reader and scored by the
/// engine, must print the reference's expected*.json: every field of every account, brand,
/// distribution, comparison and trend row (README of each folder gives the commands).
/// </summary>
public class ConformanceTests
{
    [TestCaseSource(typeof(VectorCases), nameof(VectorCases.All))]
    public void Vector_matches_the_reference_output(VectorCase vector)
    {
        var folder = vector.FolderPath;
        var data = DatasetLoader.Load(folder);
        Assert.That(data.FileErrors, Is.Empty, "the vectors scored here have no file-level error");

        var peerSets = vector.Peers is null
            ? null
            : new Dictionary<string, IReadOnlyCollection<string>> { [vector.Benchmark["peers:".Length..]] = vector.Peers };
        var input = ScoringInput.From(data.Brands, data.Accounts, data.Posts, data.Followers, peerSets);
        var request = new ReportRequest(
            BenchmarkSetSpec.Parse(vector.Benchmark),
            vector.Subject,
            vector.From is null ? null : DateOnly.Parse(vector.From, System.Globalization.CultureInfo.InvariantCulture),
            vector.To is null ? null : DateOnly.Parse(vector.To, System.Globalization.CultureInfo.InvariantCulture),
            new SufficiencySettings(vector.MinEffort, vector.MinUserPosts));

        string json = vector switch
        {
            { Trend: { } trend } => ReportJson.Serialize(ScoringEngine.Trend(input, request, TrendBuckets.ParseGranularity(trend))),
            { Compare: { } compare } => ReportJson.Serialize(ScoringEngine.Compare(input, request, compare.Split(','))),
            _ => ReportJson.Serialize(ScoringEngine.Benchmark(input, request)),
        };

        using var expected = JsonDocument.Parse(File.ReadAllText(vector.ExpectedPath));
        using var actual = JsonDocument.Parse(json);
        Assert.That(JsonComparer.Differences(expected.RootElement, actual.RootElement), Is.Empty);
    }

    [Test]
    public void Comparer_detects_a_last_digit_beyond_tolerance_and_a_null()
    {
        using var expected = JsonDocument.Parse("""{"a": 1.0, "b": null, "c": 3}""");
        using var off = JsonDocument.Parse("""{"a": 1.00000001, "b": 0.0, "c": 3.0}""");
        using var close = JsonDocument.Parse("""{"a": 1.0000000000001, "b": null, "c": 3}""");
        Assert.That(JsonComparer.Differences(expected.RootElement, off.RootElement), Has.Count.EqualTo(3));
        Assert.That(JsonComparer.Differences(expected.RootElement, close.RootElement), Is.Empty);
    }
}
