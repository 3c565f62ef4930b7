using Engagement.Domain.Model;
using Engagement.Domain.Scoring;

namespace Engagement.Data.Store.Aggregates;

/// <summary>What a report needs of an account beyond its days: see <c>account_aggregates</c>.</summary>
public sealed record AccountSummary(int? FirstMonth, int? LastMonth, long? LatestOwnPost, long? EarliestFollowers, long? LatestFollowers)
{
    public static AccountSummary Empty { get; } = new(null, null, null, null, null);
}

/// <summary>An account's recomputed aggregates: its summary and its months, contiguous from first to last.</summary>
public sealed record AccountAggregate(AccountSummary Summary, IReadOnlyList<MonthDays> Months);

/// <summary>
/// Totals one account's posts by UTC day, classified as methodology.md §3 (and
/// <see cref="ActivityIndex"/>) does: the caller gives its own posts first (brand posts and
/// admin answers), then its user posts, each once; a user post is answered by the earliest
/// admin answer to it within the response horizon, whenever that answer was made.
/// </summary>
public sealed class AccountAggregator
{
    private readonly Dictionary<int, Day> _days = [];
    private readonly Dictionary<string, List<long>> _answersByParent = new(StringComparer.Ordinal);
    private long? _latestOwnPost;

    /// <summary>
    /// A post's interactions from its stored counts, as <see cref="Post.Interactions"/>: the one
    /// formula of every path that reads the counts as columns (the per-account walk, both scans).
    /// </summary>
    internal static long Interactions(long likes, long shares, long quotes, long replies) => checked(likes + shares + quotes + replies);

    /// <summary>A post of the account that is original content (in_reply_to_author null or itself).</summary>
    public void AddBrandPost(long createdAt, long interactions, long? views)
    {
        var day = DayOf(createdAt);
        day.Totals.Posts++;
        day.Totals.Interactions = checked(day.Totals.Interactions + interactions);
        if (views is { } seen)
        {
            day.Totals.Views = checked(day.Totals.Views + seen);
            day.Totals.Viewed++;
        }
        else
        {
            day.Totals.Unviewed++;
        }

        Own(createdAt);
    }

    /// <summary>A post of the account replying to someone else; <paramref name="parent"/> is the post it answers.</summary>
    public void AddAnswer(long createdAt, string? parent)
    {
        DayOf(createdAt).Totals.Answers++;
        if (parent is not null)
        {
            if (!_answersByParent.TryGetValue(parent, out var times))
            {
                times = [];
                _answersByParent[parent] = times;
            }

            times.Add(createdAt);
        }

        Own(createdAt);
    }

    /// <summary>A post by someone else replying to or mentioning the account; after all its own posts.</summary>
    public void AddUserPost(string postId, long createdAt) => AddUserPost(postId.AsSpan(), createdAt);

    /// <inheritdoc cref="AddUserPost(string, long)"/>
    public void AddUserPost(ReadOnlySpan<char> postId, long createdAt)
    {
        if (CountUserPost(postId, createdAt) is { } delay)
        {
            AddResponse(createdAt, delay);
        }
    }

    /// <summary>
    /// Counts a user post and returns its response time (null: none) without storing it: for a
    /// caller that gets the user posts in another order than their ids' and stores the response
    /// times in that order afterwards, with <see cref="AddResponse"/>.
    /// </summary>
    public long? CountUserPost(ReadOnlySpan<char> postId, long createdAt)
    {
        DayOf(createdAt).Totals.UserPosts++;
        return FirstResponse(postId, createdAt);
    }

    /// <summary>Stores the response time of the user post made at <paramref name="createdAt"/>, after those stored before it that day.</summary>
    public void AddResponse(long createdAt, long delay) => DayOf(createdAt).Delays.Add(delay);

    /// <summary>Whether any answer names its parent: if not, no user post's id can matter.</summary>
    public bool HasAnswers => _answersByParent.Count > 0;

    /// <summary>Packs the days into months running from the first to the last month holding a post or a snapshot.</summary>
    public AccountAggregate Build(IReadOnlyList<(DateOnly Date, long Followers)> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var history = new FollowerHistory(snapshots);
        var months = _days.Keys.Select(number => MonthKey.Of(DateOnly.FromDayNumber(number)))
            .Concat(snapshots.Select(s => MonthKey.Of(s.Date)))
            .ToList();
        if (months.Count == 0)
        {
            return new AccountAggregate(AccountSummary.Empty, []);
        }

        // No month missing in between: a day outside the months takes the earliest or the
        // latest followers, which is only right before the first snapshot or after the last.
        int first = months.Min(), last = months.Max();
        var packed = new List<MonthDays>(last - first + 1);
        for (var month = first; month <= last; month++)
        {
            var result = new MonthDays(month, hasFollowers: !history.IsEmpty);
            var start = MonthKey.FirstDay(month);
            for (var i = 0; i < result.Totals.Length; i++)
            {
                var date = start.AddDays(i);
                if (_days.TryGetValue(date.DayNumber, out var day))
                {
                    result.Totals[i] = day.Totals;
                    result.Delays[i] = [.. day.Delays];
                }

                if (result.Followers is { } followers)
                {
                    followers[i] = history.LatestOnOrBefore(date)!.Value;
                }
            }

            packed.Add(result);
        }

        var summary = new AccountSummary(
            first, last, _latestOwnPost, history.LatestOnOrBefore(DateOnly.MinValue), history.LatestOnOrBefore(DateOnly.MaxValue));
        return new AccountAggregate(summary, packed);
    }

    // As AccountActivity.FirstResponse: the earliest answer a with u <= a < u + 7 days.
    private long? FirstResponse(ReadOnlySpan<char> postId, long createdAt)
    {
        if (_answersByParent.Count == 0 || !_answersByParent.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(postId, out var times))
        {
            return null;
        }

        long? first = null;
        foreach (var answeredAt in times)
        {
            var delay = answeredAt - createdAt;
            if (delay >= 0 && delay < AccountActivity.ResponseHorizon && (first is null || delay < first))
            {
                first = delay;
            }
        }

        return first;
    }

    private void Own(long createdAt) => _latestOwnPost = _latestOwnPost is { } latest ? Math.Max(latest, createdAt) : createdAt;

    private Day DayOf(long instant)
    {
        var number = UtcMicros.DayOf(instant).DayNumber;
        if (!_days.TryGetValue(number, out var day))
        {
            day = new Day();
            _days[number] = day;
        }

        return day;
    }

    private sealed class Day
    {
        public DayTotals Totals;

        public List<long> Delays { get; } = [];
    }
}
