using NUnit.Framework;

namespace Engagement.Tests.Shared;

/// <summary>
/// The spec's vectors and the reference command of each (the README of each folder): the data
/// set, the expected file, and the report parameters that produced it.
/// </summary>
public sealed record VectorCase(string Folder, string Expected, string Benchmark = "all", string? From = null, string? To = null)
{
    public string? Subject { get; init; }

    public string? Trend { get; init; }

    public string? Compare { get; init; }

    public int MinEffort { get; init; } = 3;

    public int MinUserPosts { get; init; } = 5;

    /// <summary>Members of the peer set named in <see cref="Benchmark"/> (peers:NAME).</summary>
    public IReadOnlyCollection<string>? Peers { get; init; }

    public string FolderPath => Path.Combine(TestContext.CurrentContext.TestDirectory, "vectors", Folder);

    public string ExpectedPath => Path.Combine(FolderPath, Expected);

    public override string ToString() => $"{Folder}/{Expected}";
}

public static class VectorCases
{
    public static IEnumerable<VectorCase> All() =>
    [
        new VectorCase("basic", "expected.json", From: "2024-03-01", To: "2024-03-11"),
        new VectorCase("basic", "expected-default-window.json"),
        new VectorCase("basic", "expected-industry-acme.json", "industry:acme", "2024-03-01", "2024-03-11"),
        new VectorCase("basic", "expected-trend-week.json", From: "2024-03-01", To: "2024-03-11") { Trend = "week" },
        new VectorCase("edge-cases", "expected.json", From: "2024-05-01", To: "2024-05-15"),
        new VectorCase("edge-cases", "expected-default-window.json"),
        new VectorCase("edge-cases", "expected-min1.json", From: "2024-05-01", To: "2024-05-15") { MinEffort = 1, MinUserPosts = 1 },
        new VectorCase("edge-cases", "expected-industry-zed.json", "industry:zed", "2024-05-01", "2024-05-15"),
        new VectorCase("edge-cases", "expected-compare.json", From: "2024-05-01", To: "2024-05-15") { Compare = "zed,delta,beta,quiet" },
        new VectorCase("benchmarks", "expected-all.json", From: "2024-06-01", To: "2024-06-29"),
        new VectorCase("benchmarks", "expected-industry-stoat.json", "industry:stoat", "2024-06-01", "2024-06-29"),
        new VectorCase("benchmarks", "expected-industry-heron.json", "industry:heron", "2024-06-01", "2024-06-29"),
        new VectorCase("benchmarks", "expected-peers-otter-lynx-viper.json", "peers:lynx,viper", "2024-06-01", "2024-06-29")
        {
            // The reference names the peers inline; here they are a peer set of that name.
            Subject = "otter", Peers = ["lynx", "viper"],
        },
        new VectorCase("benchmarks", "expected-trend-week.json", From: "2024-05-29", To: "2024-07-04") { Trend = "week" },
        new VectorCase("benchmarks", "expected-trend-month.json", From: "2024-05-29", To: "2024-07-04") { Trend = "month" },
        new VectorCase("benchmarks", "expected-compare.json", From: "2024-06-01", To: "2024-06-29") { Compare = "otter,lynx,walrus,puffin" },
        new VectorCase("invalid/duplicate-post-id", "expected.json", From: "2024-03-01", To: "2024-03-11"),
        .. new[] { "negative-likes", "bad-timestamp", "unknown-brand", "bad-values", "wrong-field-count", "account-conflict" }
            .Select(name => new VectorCase($"invalid/{name}", "expected-lenient.json", From: "2024-03-01", To: "2024-03-11")),
    ];
}
