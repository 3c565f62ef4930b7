using System.Buffers.Text;
using System.ComponentModel;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.Extensions;

namespace Engagement.Service.Api;

/// <summary>A page of a list: its items in key order and the URL of the next page, if any.</summary>
[Description("A page of a list; follow next (also in the Link header) until it is null.")]
public sealed record Page<T>(
    [property: Description("The items of this page, in key order.")] IReadOnlyList<T> Items,
    [property: Description("The URL of the next page, or null on the last one.")] string? Next);

/// <summary>The paging parameters of every list route.</summary>
public sealed class PageQuery
{
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "limit")]
    [Description("Items per page, 1-1000 (default 100).")]
    public int? Limit { get; init; }

    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "cursor")]
    [Description("Where to go on: the cursor of the previous page's next link.")]
    public string? Cursor { get; init; }
}

/// <summary>
/// Cursor paging of the lists: <c>limit</c> items after <c>cursor</c>, a <c>next</c> link in the
/// body and in an RFC 8288 <c>Link</c> header. A cursor names the data version of its first page
/// and the last key it gave: if the store has changed since, the rest of the list is not the one
/// the client started on, so the cursor is refused (410) rather than silently mixing versions.
/// </summary>
public static class ApiPaging
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static int Limit(int? limit) => limit switch
    {
        null => DefaultLimit,
        < 1 or > MaxLimit => throw new ApiParameterException("limit", $"limit must be between 1 and {MaxLimit}, got {limit}"),
        { } given => given,
    };

    /// <summary>The page of <paramref name="sorted"/> (ordered by <paramref name="key"/>, ordinal) that <paramref name="cursor"/> asks for.</summary>
    public static Page<T> Take<T>(HttpRequest request, IReadOnlyList<T> sorted, Func<T, string> key, PageQuery page, long? version)
    {
        var size = Limit(page.Limit);
        var after = Decode(page.Cursor, version);
        var start = after is null ? 0 : FirstAfter(sorted, key, after);
        var items = sorted.Skip(start).Take(size).ToList();
        var next = start + items.Count < sorted.Count && items.Count > 0 ? NextUrl(request, Encode(version, key(items[^1]))) : null;
        if (next is not null)
        {
            request.HttpContext.Response.Headers.Link = $"<{next}>; rel=\"next\"";
        }

        return new Page<T>(items, next);
    }

    /// <summary>
    /// Keyset paging over a list the store pages itself (the audit log, which only grows): the key
    /// after which the page starts (null for the first page), from the cursor; no data version.
    /// </summary>
    public static string? After(PageQuery page) => Decode(page.Cursor, version: null);

    /// <summary>The next link of a keyset page whose last item has <paramref name="lastKey"/>, also in the Link header.</summary>
    public static string NextAfter(HttpRequest request, string lastKey)
    {
        var next = NextUrl(request, Encode(version: null, lastKey));
        request.HttpContext.Response.Headers.Link = $"<{next}>; rel=\"next\"";
        return next;
    }

    /// <summary>The page of an index range: the cursor holds the offset (for lists with no unique key, e.g. the benchmark document's).</summary>
    public static (int Start, int Count, string? Next) Range(HttpRequest request, int total, PageQuery page, long? version)
    {
        var size = Limit(page.Limit);
        var after = Decode(page.Cursor, version);
        var start = after is null ? 0
            : int.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset <= total ? offset
            : throw new ApiParameterException("cursor", "the cursor is not one this list gave");
        var count = Math.Min(size, total - start);
        var next = start + count < total ? NextUrl(request, Encode(version, (start + count).ToString(CultureInfo.InvariantCulture))) : null;
        if (next is not null)
        {
            request.HttpContext.Response.Headers.Link = $"<{next}>; rel=\"next\"";
        }

        return (start, count, next);
    }

    private static int FirstAfter<T>(IReadOnlyList<T> sorted, Func<T, string> key, string after)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (string.CompareOrdinal(key(sorted[mid]), after) <= 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static string Encode(long? version, string position) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{version?.ToString(CultureInfo.InvariantCulture) ?? "-"}|{position}"));

    /// <summary>The position after which the page starts, or null for the first page; 410 when the data moved.</summary>
    private static string? Decode(string? cursor, long? version)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            throw new ApiParameterException("cursor", "the cursor is not one this list gave: pass the next link as it came");
        }

        var bar = text.IndexOf('|', StringComparison.Ordinal);
        if (bar < 0)
        {
            throw new ApiParameterException("cursor", "the cursor is not one this list gave: pass the next link as it came");
        }

        var pinned = text[..bar];
        var current = version?.ToString(CultureInfo.InvariantCulture) ?? "-";
        if (pinned != current)
        {
            throw new CursorExpiredException(pinned, current);
        }

        return text[(bar + 1)..];
    }

    private static string NextUrl(HttpRequest request, string cursor)
    {
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value, StringComparer.Ordinal);
        query["cursor"] = cursor;
        var builder = new QueryBuilder(query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))));
        // Absolute, so a client can follow it as is (RFC 8288 allows relative links; generated clients want URLs).
        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{builder.ToQueryString()}";
    }
}

/// <summary>A cursor of a data version the store has moved past: 410, start again.</summary>
public sealed class CursorExpiredException(string pinned, string current)
    : Exception($"the list has changed since this cursor was given (data version {pinned}, now {current}): start again without a cursor");

/// <summary>Marks a paged list route (the OpenAPI document adds the Link header and 410).</summary>
public sealed class PagedListMetadata
{
    public static PagedListMetadata Instance { get; } = new();
}

internal static class PagingRoutes
{
    public static RouteHandlerBuilder Paged(this RouteHandlerBuilder route) => route.WithMetadata(PagedListMetadata.Instance);
}
