using Engagement.Data.Store;
using Engagement.Domain.Scoring;

namespace Engagement.Service.Reports;

/// <summary>Where reports get their <see cref="ScoringInput"/> from.</summary>
public interface IScoringInputSource
{
    Task<ScoringInput> GetAsync(CancellationToken ct);
}

/// <summary>Reads the store afresh for every report: always current, never stale.</summary>
public sealed class StoreScoringInputSource(ScoringInputLoader loader) : IScoringInputSource
{
    public Task<ScoringInput> GetAsync(CancellationToken ct) => loader.LoadAsync(ct);
}
