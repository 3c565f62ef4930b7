using Engagement.Data.Store;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Scoring;
using Engagement.Service.Reports;

namespace Engagement.Service.Hosting;

/// <summary>
/// The service's scoring input: loaded from the store once, then reused for as long as the store's
/// data version (bumped by triggers on every committed change, by this process or any other) has
/// not moved. A report then costs one single-row query plus the scoring, and is never stale.
/// </summary>
public sealed class CachedScoringInputSource(ScoringInputLoader loader, DataVersionRepository versions) : IScoringInputSource, IDisposable
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Snapshot? _current;

    public async Task<ScoringInput> GetAsync(CancellationToken ct)
    {
        var version = await versions.GetAsync(ct);
        if (_current is { } cached && cached.Version == version)
        {
            return cached.Input;
        }

        // One load at a time: requests arriving while the store is read wait for that load.
        await _loading.WaitAsync(ct);
        try
        {
            if (_current is { } loaded && loaded.Version >= version)
            {
                return loaded.Input;
            }

            // The version is read before the data: a change committed in between makes the next
            // request load again, instead of being cached under a version it is not part of.
            var before = await versions.GetAsync(ct);
            var input = await loader.LoadAsync(ct);
            _current = new Snapshot(before, input);
            return input;
        }
        finally
        {
            _loading.Release();
        }
    }

    public void Dispose() => _loading.Dispose();

    private sealed record Snapshot(long Version, ScoringInput Input);
}
