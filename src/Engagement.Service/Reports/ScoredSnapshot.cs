using Engagement.Domain.Scoring;

namespace Engagement.Service.Reports;

/// <summary>
/// A benchmark set scored over one window, with the look-ups a brand report needs built once,
/// so that serving a brand from a cached snapshot costs a few dictionary reads, not a pass over
/// every account of the set.
/// </summary>
public sealed class ScoredSnapshot
{
    private readonly Dictionary<string, List<AccountMeasures>> _accountsByBrand = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BrandScore> _brands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<DistributionRow>> _distribution = new(StringComparer.Ordinal);

    public ScoredSnapshot(BenchmarkResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Result = result;
        foreach (var account in result.Accounts)
        {
            if (!_accountsByBrand.TryGetValue(account.Brand, out var list))
            {
                list = [];
                _accountsByBrand[account.Brand] = list;
            }

            list.Add(account);
        }

        foreach (var brand in result.Brands)
        {
            _brands[brand.Brand] = brand;
            RankedBrands += brand.Rank is null ? 0 : 1;
        }

        foreach (var row in result.Distribution)
        {
            if (!_distribution.TryGetValue(row.Network, out var rows))
            {
                rows = [];
                _distribution[row.Network] = rows;
            }

            rows.Add(row);
        }

        Populations = Reports.Populations.ByNetwork(result.Distribution);
    }

    public BenchmarkResult Result { get; }

    /// <summary>Brands of the set with a rank (a score).</summary>
    public int RankedBrands { get; }

    /// <summary>Population sizes per network.</summary>
    public IReadOnlyDictionary<string, Populations> Populations { get; }

    /// <summary>The brand's accounts in network order; empty for a brand without accounts.</summary>
    public IReadOnlyList<AccountMeasures> AccountsOf(string brand) =>
        _accountsByBrand.TryGetValue(brand, out var accounts) ? accounts : [];

    public BrandScore BrandScore(string brand) => _brands[brand];

    public IReadOnlyList<DistributionRow> Distribution(string network) => _distribution[network];

}
