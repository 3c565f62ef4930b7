namespace Engagement.Data.Store.Aggregates;

/// <summary>
/// One UTC day of one tracked account (methodology.md §3-§4), everything a window sums: brand
/// posts and their interactions, observed reach (views) and how many brand posts had none (their
/// reach is estimated from that day's followers when a report reads them), admin answers, user
/// posts and how many of them were answered. The answer times themselves travel beside it.
/// </summary>
public record struct DayTotals(
    int Posts,
    int Answers,
    int UserPosts,
    int Viewed,
    int Unviewed,
    long Interactions,
    long Views)
{
    public readonly bool IsEmpty => Posts == 0 && Answers == 0 && UserPosts == 0;
}

/// <summary>UTC months as one integer (year * 12 + month - 1), the key of <c>account_months</c>.</summary>
public static class MonthKey
{
    public static int Of(DateOnly day) => (day.Year * 12) + day.Month - 1;

    public static DateOnly FirstDay(int month) => new(month / 12, (month % 12) + 1, 1);

    public static int Days(int month) => DateTime.DaysInMonth(month / 12, (month % 12) + 1);
}
