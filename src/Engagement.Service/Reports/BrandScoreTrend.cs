using Engagement.Domain.Scoring;

namespace Engagement.Service.Reports;

/// <summary>
/// The brand scores of a trend (what the pages draw): per bucket one number per brand of the set,
/// without the bucket's scored accounts and distribution, so that a page keeps a few hundred KB
/// per bucket where the trend document keeps every scored account.
/// </summary>
public sealed record BrandScoreTrend(string Granularity, IReadOnlyList<ReportWindow> Buckets, IReadOnlyList<BrandScores> Scores);

/// <summary>The brand scores of one scored window: brand ids in ordinal order and their scores beside them.</summary>
public sealed class BrandScores
{
    private readonly string[] _brands;
    private readonly double[] _scores;

    public BrandScores(IReadOnlyList<BrandScore> brands)
    {
        ArgumentNullException.ThrowIfNull(brands);
        _brands = new string[brands.Count];
        _scores = new double[brands.Count];
        for (var i = 0; i < brands.Count; i++)
        {
            _brands[i] = brands[i].Brand;
            _scores[i] = brands[i].Score ?? double.NaN;
        }

        Array.Sort(_brands, _scores, StringComparer.Ordinal);
    }

    /// <summary>The brand's score; null when it has none or is not in the set.</summary>
    public double? Of(string brand)
    {
        var i = Array.BinarySearch(_brands, brand, StringComparer.Ordinal);
        return i >= 0 && !double.IsNaN(_scores[i]) ? _scores[i] : null;
    }
}
