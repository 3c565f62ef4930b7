using Engagement.Domain.Scoring;
using Engagement.Service.Reports;

namespace Engagement.Service.Pages;

/// <summary>One scoring input, loaded once for the several reports a page draws, so they agree and the store is read once.</summary>
internal sealed class LoadedInputSource(ScoringInput input) : IScoringInputSource
{
    public Task<ScoringInput> GetAsync(CancellationToken ct) => Task.FromResult(input);
}
