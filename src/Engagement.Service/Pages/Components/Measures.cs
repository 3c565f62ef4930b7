using System.Globalization;
using Engagement.Domain.Scoring;
using Engagement.Service.Pages.Layout;

namespace Engagement.Service.Pages.Components;

/// <summary>
/// What a number on a page is: its label, its unit, a sentence saying what it measures, and the
/// methodology section that defines it. Every page, table, tooltip and chart takes these from here.
/// </summary>
public sealed record Measure(string Label, string Unit, string Explanation, int Section, string Colour, Func<double, string> Format)
{
    public string Link => Methodology.Section(Section);

    /// <summary>The value as the pages print it, without its unit ("–" when there is none).</summary>
    public string Text(double? value) => value is { } v && double.IsFinite(v) ? Format(v) : "–";
}

public static class Measures
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Measure Impact { get; } = new(
        "Impact", "reach per post",
        "People reached per post or answer: the views of the brand's posts where the network reports them (YouTube), else the followers the account had that day, divided by posts + answers.",
        5, "#4e79a7", v => v.ToString(v >= 100 ? "#,0" : "#,0.#", Invariant));

    public static Measure Engagement { get; } = new(
        "Engagement", "interactions per post",
        "Likes, shares, quotes and replies on the brand's posts, divided by posts + answers.",
        5, "#f28e2b", v => v.ToString(v >= 100 ? "#,0" : "#,0.#", Invariant));

    public static Measure Responsiveness { get; } = new(
        "Responsiveness", "of user posts answered",
        "The share of the posts addressed to the brand (replies and mentions) that it answered within 7 days.",
        5, "#59a14f", Percent);

    public static Measure ChannelScore { get; } = new(
        "Channel score", "0-100",
        "The mean of the account's Impact, Engagement and Responsiveness scores on that network (those it has).",
        8, "#2f3e4e", v => v.ToString("0", Invariant));

    public static Measure BrandScore { get; } = new(
        "Brand score", "0-100",
        "The mean of the brand's channel scores, weighted by its effort (posts + answers) on each network. Grades: A+ from 90, A 80, B 65, C 50, D 35, F below.",
        8, "#2f3e4e", v => v.ToString("0.0", Invariant));

    public static Measure ShareOfConversation { get; } = new(
        "Share of conversation", "of user posts",
        "Among the compared brands on one network: this brand's user posts divided by all of theirs.",
        10, "#76b7b2", Percent);

    public static Measure FirstResponse { get; } = new(
        "Median first response", "",
        "The median delay between a user post and the brand's first answer to it (answers within 7 days).",
        3, "#b07aa1", Duration);

    public static Measure InteractionsPer1000 { get; } = new(
        "Interactions per 1,000 followers", "per post per 1,000 followers",
        "Interactions per post for every 1,000 followers at the window's end: compares a small account with a big one fairly. Reported, not scored.",
        5, "#9c755f", v => v.ToString("#,0.0#", Invariant));

    /// <summary>The three scored KPIs, in the order the channel score sums them.</summary>
    public static IReadOnlyList<(Kpi Kpi, Measure Measure)> Kpis { get; } =
        [(Kpi.Impact, Impact), (Kpi.Engagement, Engagement), (Kpi.Responsiveness, Responsiveness)];

    public static Measure Of(Kpi kpi) => kpi switch
    {
        Kpi.Impact => Impact,
        Kpi.Engagement => Engagement,
        Kpi.Responsiveness => Responsiveness,
        _ => throw new ArgumentOutOfRangeException(nameof(kpi), kpi, "not a headline KPI"),
    };

    public static string Percent(double share) => (share * 100).ToString(share is > 0 and < 0.1 ? "0.#" : "0", Invariant) + " %";

    /// <summary>Minutes as a reader says them: "42 min", "5.5 h", "3.2 days".</summary>
    public static string Duration(double minutes) => minutes switch
    {
        < 90 => minutes.ToString("0", Invariant) + " min",
        < 48 * 60 => (minutes / 60).ToString("0.#", Invariant) + " h",
        _ => (minutes / 1440).ToString("0.#", Invariant) + " days",
    };

    /// <summary>
    /// Why a KPI of an account takes no part in scoring (§6), in words; null when it is scored.
    /// </summary>
    public static string? WhyNotScored(Kpi kpi, AccountMeasures account, SufficiencySettings settings)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(settings);
        var effort = $"{account.Effort} {(account.Effort == 1 ? "post or answer" : "posts + answers")} in the window; scoring needs {settings.MinEffort}";
        return kpi switch
        {
            Kpi.Impact when account.Effort < settings.MinEffort => effort,
            Kpi.Impact when account.Impact is null => "no reach known for its posts (no views, no follower count)",
            Kpi.Engagement when account.Effort < settings.MinEffort => effort,
            Kpi.Responsiveness when account.UserPosts < settings.MinUserPosts =>
                $"{account.UserPosts} user {(account.UserPosts == 1 ? "post" : "posts")} addressed to it; scoring needs {settings.MinUserPosts}",
            _ when account.SufficientValue(kpi) is null => "no value in this window",
            _ => null,
        };
    }
}
