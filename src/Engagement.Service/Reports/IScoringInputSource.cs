using Engagement.Domain.Scoring;

namespace Engagement.Service.Reports;

/// <summary>Where reports get their <see cref="ScoringInput"/> from.</summary>
public interface IScoringInputSource
{
    Task<ScoringInput> GetAsync(CancellationToken ct);
}
