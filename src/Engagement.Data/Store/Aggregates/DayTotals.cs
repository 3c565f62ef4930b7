using System.Runtime.InteropServices;

namespace Engagement.Data.Store.Aggregates;

/// <summary>
/// One UTC day of one tracked account (methodology.md §3-§4), everything a window sums: brand
/// posts and their interactions, observed reach (views) and how many brand posts had none (their
/// reach is estimated from that day's followers when a report reads them), admin answers, user
/// posts and how many of them were answered. The answer times themselves travel beside it.
/// </summary>
/// <remarks>
/// Packed on 4 bytes: five ints and two longs are 36 bytes, which 8-byte alignment pads to 40, and
/// a window holds one per account and day (2.7 million, 108 MB at 30,000 brands, most of the
/// window's fresh memory: bench/RESULTS.md, fifth pass continued). A long on a 4-byte boundary
/// reads as fast on x64 and Arm64.
/// </remarks>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
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
