using Engagement.Domain.Model;
using Engagement.Domain.Scoring;
using Engagement.Service.Reports;

namespace Engagement.Service.Tests.Reports;

/// <summary>A view over a <see cref="ScoringInput"/> loaded whole, scored by the in-memory engine: the tests' oracle.</summary>
internal sealed class InputScoringView : IScoringView
{
    private readonly ScoringInput _input;
    private readonly ScoringCaches _caches;
    private readonly WorkspaceScope _default;

    public InputScoringView(ScoringInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _input = input;
        // The input is one workspace's, default, which tracks every brand of it.
        _default = new WorkspaceScope(
            input.Brands.Keys.ToHashSet(StringComparer.Ordinal),
            input.PeerSetNames.ToDictionary(name => name, name => input.PeerSet(name)!, StringComparer.Ordinal));
        _caches = new ScoringCaches(input.Brands, Workspace);
    }

    public ScoringInput Input => _input;

    public long? Version => null;

    public IReadOnlyDictionary<string, Brand> Brands => _input.Brands;

    public WorkspaceScope Workspace(string name) => name == "default" ? _default : WorkspaceScope.Empty;

    public BenchmarkSet Resolve(BenchmarkSetSpec spec, string? subject, string workspace) => _caches.Resolve(spec, subject, workspace);

    public long? LatestOwnPost(BenchmarkSet set) =>
        _caches.LatestOwnPost(set, () => Activities(set).Max(activity => activity.LatestOwnPost));

    public Task PrepareAsync(ReportWindow span, CancellationToken ct) => Task.CompletedTask;

    public Task<ScoredSnapshot> ScoreAsync(BenchmarkSet set, ReportWindow window, SufficiencySettings settings, CancellationToken ct) =>
        _caches.ScoreAsync(set, window, settings, () => Task.FromResult(ScoringEngine.Score(set, Activities(set), window, settings)), ct);

    public Task<BrandScores> BrandScoresAsync(BenchmarkSet set, ReportWindow window, SufficiencySettings settings, CancellationToken ct) =>
        _caches.BrandScoresAsync(set, window, settings, () => Task.FromResult(ScoringEngine.Score(set, Activities(set), window, settings)), ct);

    private List<AccountActivity> Activities(BenchmarkSet set) =>
        _input.Activity.Activities.Where(a => set.Brands.Contains(a.Account.Brand)).ToList();
}

/// <summary>The one view of an input loaded whole.</summary>
internal sealed class InputScoringViewSource(ScoringInput input) : IScoringViewSource
{
    private readonly InputScoringView _view = new(input);

    public Task<IScoringView> GetAsync(CancellationToken ct) => Task.FromResult<IScoringView>(_view);
}
