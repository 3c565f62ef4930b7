namespace Engagement.Domain.Scoring;

/// <summary>The statistics of methodology.md, with the operations in the order the spec writes them.</summary>
public static class Statistics
{
    public const double WilsonZ = 1.959964;

    /// <summary>95 % Wilson interval of x/n (n &gt; 0); exactly 0 when x = 0 and exactly 1 when x = n.</summary>
    public static (double Low, double High) Wilson(int x, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        double p = (double)x / n;
        const double z2 = WilsonZ * WilsonZ;
        double d = 1 + (z2 / n);
        double c = p + (z2 / (2.0 * n));
        double m = WilsonZ * Math.Sqrt((p * (1 - p) / n) + (z2 / (4.0 * n * n)));
        double low = x == 0 ? 0.0 : (c - m) / d;
        double high = x == n ? 1.0 : (c + m) / d;
        return (low, high);
    }

    /// <summary>Median of the values (sorted in place); the mean of the two middle ones for an even count.</summary>
    public static double? MedianInPlace(List<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        DoubleSort.Sort(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values));
        int k = values.Count;
        return k % 2 == 1 ? values[k / 2] : (values[(k / 2) - 1] + values[k / 2]) / 2;
    }

    /// <summary>
    /// Quantile q of sorted values by linear interpolation between order statistics at
    /// pos = q (N - 1) (section 9, DuckDB's quantile_cont); null for an empty population.
    /// </summary>
    public static double? Quantile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0)
        {
            return null;
        }

        double pos = (sorted.Count - 1) * q;
        int lo = (int)Math.Floor(pos);
        int hi = (int)Math.Ceiling(pos);
        if (lo == hi)
        {
            return sorted[lo];
        }

        double f = pos - lo;
        return (sorted[lo] * (1.0 - f)) + (sorted[hi] * f);
    }

    /// <summary>
    /// Score of a value that is itself part of the sorted population (section 8):
    /// 100 (below + (equal - 1) / 2) / (N - 1), or 50 for a population of one.
    /// Binary searches, so scoring a population costs N log N, never N².
    /// </summary>
    public static double PercentileScore(double[] sorted, double value)
    {
        int n = sorted.Length;
        if (n == 1)
        {
            return 50.0;
        }

        int below = LowerBound(sorted, value);
        int equal = UpperBound(sorted, value) - below;
        return 100 * (below + ((equal - 1) / 2.0)) / (n - 1);
    }

    /// <summary>Index of the first element &gt;= value.</summary>
    public static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = lo + ((hi - lo) / 2);
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>Index of the first element &gt; value.</summary>
    public static int UpperBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = lo + ((hi - lo) / 2);
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>Every grade <see cref="Grade"/> gives, best first.</summary>
    public static IReadOnlyList<string> Grades { get; } = ["A+", "A", "B", "C", "D", "F"];

    /// <summary>Grade of a score (section 8); null for no score.</summary>
    public static string? Grade(double? score) => score switch
    {
        null => null,
        >= 90 => "A+",
        >= 80 => "A",
        >= 65 => "B",
        >= 50 => "C",
        >= 35 => "D",
        _ => "F",
    };
}
