using System.Data.Common;
using Engagement.Data.Store.Aggregates;

namespace Engagement.Data.Store.Import;

/// <summary>
/// One import attempt's <see cref="FirstLoadPosts"/>: started by a first load of posts, dropped by
/// whatever makes them not the store's posts inside the import (a repeated post, the posts file
/// rolled back to its savepoint, another posts file after it), and sealed with the data version
/// the import commits. Only the first attempt routes: a retried one starts over, and
/// its refresh scans.
/// </summary>
internal sealed class FirstLoadRouting(bool enabled) : IDisposable
{
    private FirstLoadPosts? _posts;

    /// <summary>Starts routing the first load's rows; null when this attempt does not route.</summary>
    public async Task<FirstLoadPosts?> StartAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        Drop();
        if (!enabled)
        {
            return null;
        }

        _posts = await FirstLoadPosts.StartAsync(connection, transaction, ct);
        return _posts;
    }

    /// <summary>The posts table changes otherwise than by the routed rows alone: nothing routed is used.</summary>
    public void Drop()
    {
        _posts?.Invalidate();
        _posts = null;
    }

    /// <summary>
    /// At the end of the import's transaction: the records (the caller owns them now) with the
    /// data version the transaction leaves, or null when there are none to use.
    /// </summary>
    public async Task<FirstLoadPosts?> SealAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        if (_posts is not { Valid: true } posts)
        {
            Drop();
            return null;
        }

        posts.DataVersion = await Repositories.DataVersionRepository.GetAsync(connection, transaction, ct);
        _posts = null;
        return posts;
    }

    public void Dispose() => Drop();
}
