using Engagement.Domain.Model;

namespace Engagement.Domain.Scoring;

/// <summary>The follower snapshots of one account, sorted by date, last one per date kept.</summary>
public sealed class FollowerHistory
{
    public static FollowerHistory Empty { get; } = new([]);

    private readonly DateOnly[] _dates;
    private readonly long[] _followers;

    public FollowerHistory(IEnumerable<(DateOnly Date, long Followers)> snapshots)
    {
        var byDate = new SortedDictionary<DateOnly, long>();
        foreach (var (date, followers) in snapshots)
        {
            byDate[date] = followers;
        }

        _dates = [.. byDate.Keys];
        _followers = [.. byDate.Values];
    }

    public bool IsEmpty => _dates.Length == 0;

    /// <summary>
    /// Followers of the latest snapshot dated on or before <paramref name="day"/>, else of the
    /// earliest snapshot (section 4); null when there is none.
    /// </summary>
    public long? LatestOnOrBefore(DateOnly day)
    {
        if (_dates.Length == 0)
        {
            return null;
        }

        var index = Array.BinarySearch(_dates, day);
        if (index < 0)
        {
            // ~index is the first date after `day`; the one before it is the latest on or before.
            index = ~index - 1;
        }

        return _followers[Math.Max(index, 0)];
    }
}
