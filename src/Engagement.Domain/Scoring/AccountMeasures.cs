namespace Engagement.Domain.Scoring;

/// <summary>Where an account's reach came from (methodology.md §4).</summary>
public enum ReachBasis
{
    None,
    Observed,
    Estimated,
    Mixed,
}

/// <summary>Sufficiency flag per headline KPI (section 6).</summary>
public sealed record KpiFlags(bool Impact, bool Engagement, bool Responsiveness);

/// <summary>Scores 0-100 per headline KPI and the channel score (section 8); null where not scored.</summary>
public sealed record KpiScores(double? Impact, double? Engagement, double? Responsiveness, double? Channel)
{
    public static KpiScores None { get; } = new(null, null, null, null);

    /// <summary>The score of one headline KPI.</summary>
    public double? Of(Kpi kpi) => kpi switch
    {
        Kpi.Impact => Impact,
        Kpi.Engagement => Engagement,
        Kpi.Responsiveness => Responsiveness,
        _ => throw new ArgumentOutOfRangeException(nameof(kpi), kpi, "not a headline KPI"),
    };
}

/// <summary>
/// Every measure and KPI of one account over one window (sections 4-6), in the field order of
/// the reference output; <see cref="Scores"/> is filled in once the account is benchmarked.
/// </summary>
public sealed record AccountMeasures(
    string Brand,
    string Network,
    string Handle,
    int Posts,
    int Answers,
    int Effort,
    int UserPosts,
    int AnsweredUserPosts,
    long Interactions,
    long? Reach,
    ReachBasis ReachBasis,
    long? FollowersStart,
    long? FollowersEnd,
    double? Impact,
    double? Engagement,
    double? Responsiveness,
    double? AnswerRatio,
    double? ResponsivenessLow,
    double? ResponsivenessHigh,
    double? MedianFirstResponseMinutes,
    double? InteractionsPer1000,
    double? FollowerGrowth,
    double PostsPerDay,
    KpiFlags Sufficient)
{
    public KpiScores Scores { get; init; } = KpiScores.None;

    /// <summary>The value of a headline KPI, when it is sufficient; null otherwise.</summary>
    public double? SufficientValue(Kpi kpi) => kpi switch
    {
        Kpi.Impact => Sufficient.Impact ? Impact : null,
        Kpi.Engagement => Sufficient.Engagement ? Engagement : null,
        Kpi.Responsiveness => Sufficient.Responsiveness ? Responsiveness : null,
        _ => throw new ArgumentOutOfRangeException(nameof(kpi), kpi, "not a headline KPI"),
    };
}

/// <summary>The three headline KPIs, in the order the channel score sums them.</summary>
public enum Kpi
{
    Impact,
    Engagement,
    Responsiveness,
}

/// <summary>The KPIs' names as documents, CSV headers and URLs spell them.</summary>
public static class KpiNames
{
    /// <summary>The three headline KPIs in the order the channel score sums them.</summary>
    public static IReadOnlyList<Kpi> Headline { get; } = [Kpi.Impact, Kpi.Engagement, Kpi.Responsiveness];

    public static string Name(Kpi kpi) => kpi switch
    {
        Kpi.Impact => "impact",
        Kpi.Engagement => "engagement",
        Kpi.Responsiveness => "responsiveness",
        _ => throw new ArgumentOutOfRangeException(nameof(kpi), kpi, "not a headline KPI"),
    };
}
