using Engagement.Domain.Model;
using Engagement.Domain.Scoring;

namespace Engagement.Service.Reports;

/// <summary>The reports of the command line and the API, over one scoring input source.</summary>
public sealed class ReportService(IScoringInputSource source)
{
    /// <summary>The whole benchmark document, in the reference JSON shape.</summary>
    public async Task<BenchmarkDocument> BenchmarkAsync(ReportQuery query, CancellationToken ct) =>
        ScoringEngine.Benchmark(await source.GetAsync(ct), query.ToRequest(subject: null));

    /// <summary>Brands x networks against the benchmark set of the first brand, with share of conversation.</summary>
    public async Task<ComparisonReport> CompareAsync(IReadOnlyList<string> brands, ReportQuery query, CancellationToken ct)
    {
        if (brands.Count == 0)
        {
            throw new DomainException("a comparison needs at least one brand");
        }

        var input = await source.GetAsync(ct);
        var document = ScoringEngine.Compare(input, query.ToRequest(brands[0]), brands.Distinct(StringComparer.Ordinal).ToList());
        var brandScores = document.Brands.ToDictionary(b => b.Brand, StringComparer.Ordinal);
        var populations = PopulationsByNetwork(document.Distribution);
        var accounts = document.Accounts.ToDictionary(a => (a.Network, a.Brand));
        var rows = document.Comparison!
            .Select(share =>
            {
                var measures = accounts[(share.Network, share.Brand)];
                return new ReportRow(share.Brand, share.Network, measures.Handle, measures, brandScores[share.Brand], populations[share.Network], share.ShareOfConversation);
            })
            .ToList();
        var compared = brands.Distinct(StringComparer.Ordinal).Select(b => brandScores[b]).ToList();
        return new ComparisonReport(document.Spec, document.Window, document.Benchmark, document.Brands.Count, compared, rows);
    }

    /// <summary>One brand's score, grade and rank, and per network its KPIs and the benchmark distribution.</summary>
    public async Task<BrandReport> BrandAsync(string brand, ReportQuery query, CancellationToken ct)
    {
        var input = await source.GetAsync(ct);
        if (!input.Brands.TryGetValue(brand, out var subject))
        {
            throw new NotFoundException($"unknown brand '{brand}'");
        }

        var document = ScoringEngine.Benchmark(input, query.ToRequest(brand));
        var score = document.Brands.Single(b => b.Brand == brand);
        var populations = PopulationsByNetwork(document.Distribution);
        var networks = document.Accounts
            .Where(a => a.Brand == brand)
            .Select(a => new BrandNetworkReport(
                a.Network,
                a.Handle,
                a,
                populations[a.Network],
                document.Distribution.Where(d => d.Network == a.Network).ToList()))
            .ToList();
        return new BrandReport(
            document.Spec, brand, subject.Name, subject.Industry, document.Window, document.Benchmark, document.Brands.Count,
            score.Score, score.Grade, score.Rank, document.Brands.Count(b => b.Rank is not null), networks);
    }

    /// <summary>The benchmark set of <paramref name="brand"/> scored per week or month.</summary>
    public async Task<TrendDocument> TrendAsync(string brand, TrendGranularity granularity, ReportQuery query, CancellationToken ct)
    {
        var input = await source.GetAsync(ct);
        if (!input.Brands.ContainsKey(brand))
        {
            throw new NotFoundException($"unknown brand '{brand}'");
        }

        return ScoringEngine.Trend(input, query.ToRequest(brand), granularity);
    }

    private static Dictionary<string, Populations> PopulationsByNetwork(IEnumerable<DistributionRow> distribution) =>
        distribution
            .GroupBy(d => d.Network, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => new Populations(Count(g, "impact"), Count(g, "engagement"), Count(g, "responsiveness")),
                StringComparer.Ordinal);

    private static int Count(IEnumerable<DistributionRow> rows, string kpi) => rows.Single(r => r.Kpi == kpi).Count;
}
