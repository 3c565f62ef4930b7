namespace Engagement.Domain.Scoring;

/// <summary>Thresholds of scoring.md section 6: below them a KPI is reported but not scored.</summary>
public sealed record SufficiencySettings(int MinEffort = 3, int MinUserPosts = 5)
{
    public static SufficiencySettings Default { get; } = new();
}
