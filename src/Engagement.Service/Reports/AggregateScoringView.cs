using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;
using Engagement.Domain.Scoring;

namespace Engagement.Service.Reports;

/// <summary>
/// A view over the store's daily aggregates (the fast path): a window is read as the days of
/// every account (one small blob per account and month), each account measured by summing
/// days, then scored by the engine's own <see cref="BenchmarkScorer"/>.
/// </summary>
public sealed class AggregateScoringView : IScoringView
{
    // A window's days of 90,000 accounts take ~100 MB: keep the last two (a report and its trend).
    private const int WindowsKept = 2;

    private readonly AggregateModel _model;
    private readonly AggregateStore _store;
    private readonly ScoringCaches _caches;
    private readonly SharedTasks<(DateOnly From, DateOnly To), WindowData> _windows = new(WindowsKept);

    public AggregateScoringView(AggregateModel model, AggregateStore store)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _store = store;
        Brands = model.Brands.ToDictionary(b => b.Id, StringComparer.Ordinal);
        _caches = new ScoringCaches(Brands, Workspace);
    }

    public long? Version => _model.Version;

    public IReadOnlyDictionary<string, Brand> Brands { get; }

    public WorkspaceScope Workspace(string name) => _model.Workspaces.GetValueOrDefault(name) ?? WorkspaceScope.Empty;

    public BenchmarkSet Resolve(BenchmarkSetSpec spec, string? subject, string workspace) => _caches.Resolve(spec, subject, workspace);

    public long? LatestOwnPost(BenchmarkSet set) => _caches.LatestOwnPost(set, () => _model.Accounts
        .Where(a => set.Brands.Contains(a.Account.Brand))
        .Max(a => a.Summary.LatestOwnPost));

    public async Task PrepareAsync(ReportWindow span, CancellationToken ct) => await WindowAsync(span, ct);

    public Task<ScoredSnapshot> ScoreAsync(BenchmarkSet set, ReportWindow window, SufficiencySettings settings, CancellationToken ct) =>
        _caches.ScoreAsync(set, window, settings, () => ScoreOnceAsync(set, window, settings), ct);

    public Task<BrandScores> BrandScoresAsync(BenchmarkSet set, ReportWindow window, SufficiencySettings settings, CancellationToken ct) =>
        _caches.BrandScoresAsync(set, window, settings, () => ScoreOnceAsync(set, window, settings), ct);

    private async Task<BenchmarkResult> ScoreOnceAsync(BenchmarkSet set, ReportWindow window, SufficiencySettings settings)
    {
        // Shared by every caller: no caller's token (SharedTasks).
        var data = await WindowAsync(window, CancellationToken.None);
        var members = new List<int>(data.Accounts.Count);
        for (var i = 0; i < data.Accounts.Count; i++)
        {
            if (set.Brands.Contains(data.Accounts[i].Account.Brand))
            {
                members.Add(i);
            }
        }

        // Accounts are independent: measure them on every core; the scorer orders them itself.
        var measures = new AccountMeasures[members.Count];
        Parallel.For(0, members.Count, j => measures[j] = data.Measure(members[j], window, settings));
        return BenchmarkScorer.Score(measures, set.Brands);
    }

    // The days of a window, or of a window read before that contains it (a trend's bucket).
    private Task<WindowData> WindowAsync(ReportWindow window, CancellationToken ct) =>
        _windows.TryGetCompleted(span => span.From <= window.From && window.To <= span.To, out var read)
            ? Task.FromResult(read)
            : _windows.GetAsync(
                (window.From, window.To),
                async () => await _store.ReadWindowAsync(_model, window.From, window.To, CancellationToken.None) ?? throw new StaleViewException(),
                ct);
}

/// <summary>
/// Views over the aggregates: one per data version (the store's <c>data_version</c>, bumped by
/// every committed change, whichever instance made it), so a report costs one single-row
/// query while nothing changed, and snapshots scored for a version are reused until it moves.
/// </summary>
public sealed class AggregateScoringViewSource(AggregateStore store, DataVersionRepository versions) : IScoringViewSource, IDisposable
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile AggregateScoringView? _current;

    public async Task<IScoringView> GetAsync(CancellationToken ct)
    {
        var version = await versions.GetAsync(ct);
        if (_current is { } current && current.Version >= version)
        {
            return current;
        }

        await _loading.WaitAsync(ct);
        try
        {
            if (_current is { } loaded && loaded.Version >= version)
            {
                return loaded;
            }

            var view = new AggregateScoringView(await store.ReadModelAsync(ct), store);
            _current = view;
            return view;
        }
        finally
        {
            _loading.Release();
        }
    }

    public void Dispose() => _loading.Dispose();
}
