using Engagement.Domain.Scoring;

namespace Engagement.Service.Pages.Charts;

/// <summary>
/// The horizontal scale of one distribution chart. Responsiveness is a share: 0 to 100 %, linear.
/// Reach and interactions per post spread over decades, so with positive percentiles the scale is
/// logarithmic; either way it reaches at most a decade (log) or one p10-p90 span (linear) beyond
/// the whiskers, so one outlier cannot squash the box: a value past that is drawn at the edge,
/// marked off scale, and labelled with its true value.
/// </summary>
public sealed class DistributionScale
{
    private readonly double _lo, _hi;

    private DistributionScale(bool log, double lo, double hi)
    {
        IsLog = log;
        (_lo, _hi) = log ? (Math.Log10(lo), Math.Log10(hi)) : (lo, hi);
    }

    public bool IsLog { get; }

    public double Min => IsLog ? Math.Pow(10, _lo) : _lo;

    public double Max => IsLog ? Math.Pow(10, _hi) : _hi;

    public static DistributionScale For(Kpi kpi, double p10, double p90, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (kpi == Kpi.Responsiveness)
        {
            return new DistributionScale(false, 0, 1);
        }

        var low = values.Count > 0 ? Math.Min(p10, values.Min()) : p10;
        var high = values.Count > 0 ? Math.Max(p90, values.Max()) : p90;
        if (p10 > 0)
        {
            var lo = Math.Max(p10 / 10, low > 0 ? low : p10 / 10) / 1.25;
            var hi = Math.Min(p90 * 10, high) * 1.25;
            return new DistributionScale(true, lo, Math.Max(hi, lo * 10));
        }

        var spread = p90 > p10 ? p90 - p10 : Math.Max(Math.Abs(p90), 1);
        var from = Math.Max(low, p10 - spread);
        var to = Math.Min(high, p90 + spread);
        var pad = (to - from) * 0.05;
        return new DistributionScale(false, from - pad, to + pad);
    }

    /// <summary>Where the value sits, 0 (left) to 1 (right), clamped.</summary>
    public double Position(double value) => Math.Clamp(Raw(value), 0, 1);

    /// <summary>-1 left of the scale, 1 right of it, 0 on it.</summary>
    public int OffScale(double value) => Raw(value) switch
    {
        < -1e-9 => -1,
        > 1 + 1e-9 => 1,
        _ => 0,
    };

    /// <summary>Tick values: the powers of ten inside a log scale (with 2 and 5 when there are few), or five even steps.</summary>
    public IReadOnlyList<double> Ticks()
    {
        if (!IsLog)
        {
            return Enumerable.Range(0, 5).Select(i => _lo + ((_hi - _lo) * i / 4)).ToList();
        }

        var ticks = new List<double>();
        for (var power = Math.Floor(_lo); power <= Math.Ceiling(_hi); power++)
        {
            foreach (var step in _hi - _lo < 2 ? new[] { 1.0, 2, 5 } : [1.0])
            {
                var tick = step * Math.Pow(10, power);
                if (OffScale(tick) == 0)
                {
                    ticks.Add(tick);
                }
            }
        }

        return ticks;
    }

    private double Raw(double value)
    {
        if (IsLog)
        {
            return value <= 0 ? double.NegativeInfinity : (Math.Log10(value) - _lo) / (_hi - _lo);
        }

        return _hi > _lo ? (value - _lo) / (_hi - _lo) : 0.5;
    }
}
