namespace Engagement.Domain.Scoring;

/// <summary>Thresholds of methodology.md §6: below them a KPI is reported but not scored.</summary>
public sealed record SufficiencySettings(int MinEffort = SufficiencySettings.DefaultMinEffort, int MinUserPosts = SufficiencySettings.DefaultMinUserPosts)
{
    /// <summary>Effort (posts + answers) an account needs for impact and engagement to be scored.</summary>
    public const int DefaultMinEffort = 3;

    /// <summary>User posts an account needs for responsiveness to be scored.</summary>
    public const int DefaultMinUserPosts = 5;

    public static SufficiencySettings Default { get; } = new();
}
