using System.Diagnostics;
using Engagement.Bench;
using Engagement.Domain.Scoring;

// A timed console run of the scoring engine at eValue's scale (issue 2): N brands x 3 networks,
// reported as the median of several runs of each stage. Usage: dotnet run -c Release --project
// bench/Engagement.Bench -- [brands=30000] [runs=5]
int brandCount = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 30_000;
int runs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
var from = new DateOnly(2024, 6, 1);
const int days = 30;

var clock = Stopwatch.StartNew();
var (brands, accounts, posts, followers) = SyntheticPopulation.Create(brandCount, from, days, seed: 42);
Console.WriteLine($"population: {brands.Count:N0} brands, {accounts.Count:N0} accounts, {posts.Count:N0} posts ({clock.Elapsed.TotalSeconds:F1} s to generate)");

var classify = new List<double>();
var measureAndScore = new List<double>();
var rankOnly = new List<double>();
BenchmarkDocument? document = null;
for (int run = 0; run < runs; run++)
{
    clock.Restart();
    var input = ScoringInput.From(brands, accounts, posts, followers);
    classify.Add(clock.Elapsed.TotalMilliseconds);

    clock.Restart();
    document = ScoringEngine.Benchmark(input, new ReportRequest(BenchmarkSetSpec.All, From: from, To: from.AddDays(days)));
    measureAndScore.Add(clock.Elapsed.TotalMilliseconds);

    // Ranking alone, on measures already computed: the step that must not be quadratic.
    var measures = document.Accounts.Select(a => a with { Scores = KpiScores.None }).ToList();
    clock.Restart();
    BenchmarkScorer.Score(measures, brands.Select(b => b.Id));
    rankOnly.Add(clock.Elapsed.TotalMilliseconds);
}

static double Median(List<double> values)
{
    values.Sort();
    return values[values.Count / 2];
}

Console.WriteLine($"classify posts into accounts: median {Median(classify):F0} ms");
Console.WriteLine($"measure + score {document!.Accounts.Count:N0} accounts: median {Median(measureAndScore):F0} ms");
Console.WriteLine($"score + rank only (populations, brand scores, ranks, distribution): median {Median(rankOnly):F0} ms");
Console.WriteLine($"scored brands: {document.Brands.Count(b => b.Score is not null):N0}; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024):N0} MiB");
