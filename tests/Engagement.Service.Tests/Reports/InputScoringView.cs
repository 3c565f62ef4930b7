using Engagement.Domain.Model;
using Engagement.Domain.Scoring;
using Engagement.Service.Reports;

namespace Engagement.Service.Tests.Reports;

/// <summary>A view over a <see cref="ScoringInput"/> loaded whole, scored by the in-memory engine: the tests' oracle.</summary>
internal sealed class InputScoringView : IScoringView
{
    private readonly ScoringInput _input;
    private readonly ScoringCaches _caches;

    public InputScoringView(ScoringInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _input = input;
        _caches = new ScoringCaches(input.Brands, input.PeerSet);
    }

    public ScoringInput Input => _input;

    public long? Version => null;

    public IReadOnlyDictionary<string, Brand> Brands => _input.Brands;

    public IReadOnlyCollection<string>? PeerSet(string name) => _input.PeerSet(name);

    public BenchmarkSet Resolve(BenchmarkSetSpec spec, string? subject) => _caches.Resolve(spec, subject);

    public long? LatestOwnPost(BenchmarkSet set) =>
        _caches.LatestOwnPost(set, () => Activities(set).Max(activity => activity.LatestOwnPost));

    public Task PrepareAsync(ReportWindow span, CancellationToken ct) => Task.CompletedTask;

    public Task<ScoredSnapshot> ScoreAsync(BenchmarkSet set, ReportWindow window, SufficiencySettings settings, CancellationToken ct) =>
        _caches.ScoreAsync(set, window, settings, () => Task.FromResult(new ScoredSnapshot(ScoringEngine.Score(set, Activities(set), window, settings))), ct);

    private List<AccountActivity> Activities(BenchmarkSet set) =>
        _input.Activity.Activities.Where(a => set.Brands.Contains(a.Account.Brand)).ToList();
}

/// <summary>The one view of an input loaded whole.</summary>
internal sealed class InputScoringViewSource(ScoringInput input) : IScoringViewSource
{
    private readonly InputScoringView _view = new(input);

    public Task<IScoringView> GetAsync(CancellationToken ct) => Task.FromResult<IScoringView>(_view);
}
