using System.Text.Json;
using Engagement.Data.Csv;
using Engagement.Domain.Scoring;

namespace Engagement.Data.Tests.Conformance;

/// <summary>
/// Every data set of spec/vectors, loaded through the canonical CSV reader and scored by the
/// engine, must print the reference's expected*.json: every field of every account, brand,
/// distribution, comparison and trend row (README of each folder gives the commands).
/// </summary>
public class ConformanceTests
{
    public sealed record Case(string Folder, string Expected, string Benchmark = "all", string? From = null, string? To = null)
    {
        public string? Subject { get; init; }
        public string? Trend { get; init; }
        public string? Compare { get; init; }
        public int MinEffort { get; init; } = 3;
        public int MinUserPosts { get; init; } = 5;
        public IReadOnlyCollection<string>? Peers { get; init; }

        public override string ToString() => $"{Folder}/{Expected}";
    }

    public static IEnumerable<Case> Cases() =>
    [
        new("basic", "expected.json", From: "2024-03-01", To: "2024-03-11"),
        new("basic", "expected-default-window.json"),
        new("basic", "expected-industry-acme.json", "industry:acme", "2024-03-01", "2024-03-11"),
        new("basic", "expected-trend-week.json", From: "2024-03-01", To: "2024-03-11") { Trend = "week" },
        new("edge-cases", "expected.json", From: "2024-05-01", To: "2024-05-15"),
        new("edge-cases", "expected-default-window.json"),
        new("edge-cases", "expected-min1.json", From: "2024-05-01", To: "2024-05-15") { MinEffort = 1, MinUserPosts = 1 },
        new("edge-cases", "expected-industry-zed.json", "industry:zed", "2024-05-01", "2024-05-15"),
        new("edge-cases", "expected-compare.json", From: "2024-05-01", To: "2024-05-15") { Compare = "zed,delta,beta,quiet" },
        new("benchmarks", "expected-all.json", From: "2024-06-01", To: "2024-06-29"),
        new("benchmarks", "expected-industry-stoat.json", "industry:stoat", "2024-06-01", "2024-06-29"),
        new("benchmarks", "expected-industry-heron.json", "industry:heron", "2024-06-01", "2024-06-29"),
        new("benchmarks", "expected-peers-otter-lynx-viper.json", "peers:lynx,viper", "2024-06-01", "2024-06-29")
        {
            // The reference names the peers inline; here they are a peer set of that name.
            Subject = "otter", Peers = ["lynx", "viper"],
        },
        new("benchmarks", "expected-trend-week.json", From: "2024-05-29", To: "2024-07-04") { Trend = "week" },
        new("benchmarks", "expected-trend-month.json", From: "2024-05-29", To: "2024-07-04") { Trend = "month" },
        new("benchmarks", "expected-compare.json", From: "2024-06-01", To: "2024-06-29") { Compare = "otter,lynx,walrus,puffin" },
        new("invalid/duplicate-post-id", "expected.json", From: "2024-03-01", To: "2024-03-11"),
        .. new[] { "negative-likes", "bad-timestamp", "unknown-brand", "bad-values", "wrong-field-count", "account-conflict" }
            .Select(name => new Case($"invalid/{name}", "expected-lenient.json", From: "2024-03-01", To: "2024-03-11")),
    ];

    [TestCaseSource(nameof(Cases))]
    public void Vector_matches_the_reference_output(Case vector)
    {
        var folder = Path.Combine(TestContext.CurrentContext.TestDirectory, "vectors", vector.Folder);
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

        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, vector.Expected)));
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
