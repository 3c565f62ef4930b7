namespace Engagement.Collectors.Graph;

/// <summary>The one paging loop of the Graph collectors: <c>paging.next</c> until it is absent.</summary>
internal static class GraphPages
{
    /// <summary>
    /// Reads the list from <paramref name="first"/>, page after page, handing each page's items to
    /// <paramref name="onPage"/>; stops at an empty page, a page without <c>paging.next</c>, when
    /// <paramref name="onPage"/> answers false (the cutoff is reached), or after <paramref name="maxPages"/>.
    /// </summary>
    public static async Task ReadAsync<T>(
        Uri? first,
        Func<Uri, CancellationToken, Task<GraphList<T>>> get,
        Func<GraphList<T>, Uri?> next,
        int maxPages,
        Func<IReadOnlyList<T>, Task<bool>> onPage,
        CancellationToken ct)
    {
        var url = first;
        for (var pages = 0; url is not null && pages < maxPages; pages++)
        {
            var list = await get(url, ct);
            if (list.Data is not { Count: > 0 } items || !await onPage(items))
            {
                return;
            }

            url = next(list);
        }
    }
}
