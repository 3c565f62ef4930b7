using Engagement.Domain.Model;
using Engagement.Domain.Scoring;

namespace Engagement.Service.Reports;

/// <summary>A view over a <see cref="ScoringInput"/> loaded whole (the in-memory engine): the reference path.</summary>
public sealed class InputScoringView : IScoringView
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
        _caches.ScoreAsync(set, window, settings, () => Task.FromResult(new ScoredSnapshot(ScoringEngine.Score(set, Activities(set), window, settings))));

    private List<AccountActivity> Activities(BenchmarkSet set) =>
        _input.Activity.Activities.Where(a => set.Brands.Contains(a.Account.Brand)).ToList();
}

/// <summary>Views over an <see cref="IScoringInputSource"/>: a new view when it hands out a new input.</summary>
public sealed class InputScoringViewSource(IScoringInputSource source) : IScoringViewSource
{
    private volatile InputScoringView? _current;

    public async Task<IScoringView> GetAsync(CancellationToken ct)
    {
        var input = await source.GetAsync(ct);
        if (_current is { } view && ReferenceEquals(view.Input, input))
        {
            return view;
        }

        var fresh = new InputScoringView(input);
        _current = fresh;
        return fresh;
    }
}
