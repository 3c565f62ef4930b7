using System.Collections.Concurrent;

namespace Engagement.Service.Reports;

/// <summary>
/// Work shared by every request that asks for the same key at once (a window's days, a scored
/// snapshot), computed once. The work never sees a caller's <see cref="CancellationToken"/>: a
/// client that disconnects stops waiting, but the work goes on for the others (and is kept).
/// A failed task is dropped, so the next request computes it again. Bounded: a full map starts over.
/// </summary>
internal sealed class SharedTasks<TKey, TValue>(int capacity, IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lazy<Task<TValue>>> _tasks = new(comparer);

    public async Task<TValue> GetAsync(TKey key, Func<Task<TValue>> work, CancellationToken ct)
    {
        if (_tasks.Count >= capacity)
        {
            _tasks.Clear();
        }

        var entry = _tasks.GetOrAdd(key, _ => new Lazy<Task<TValue>>(() => Task.Run(work, CancellationToken.None)));
        try
        {
            return await entry.Value.WaitAsync(ct);
        }
        catch when (entry.Value.IsFaulted || entry.Value.IsCanceled)
        {
            // The work itself failed (a stale view, a read error): not served to the next request.
            _tasks.TryRemove(new KeyValuePair<TKey, Lazy<Task<TValue>>>(key, entry));
            throw;
        }
    }

    /// <summary>A finished value whose key satisfies <paramref name="match"/> (a window containing another), if any.</summary>
    public bool TryGetCompleted(Func<TKey, bool> match, out TValue value)
    {
        foreach (var (key, entry) in _tasks)
        {
            if (match(key) && entry.IsValueCreated && entry.Value.IsCompletedSuccessfully)
            {
                value = entry.Value.Result;
                return true;
            }
        }

        value = default!;
        return false;
    }
}
