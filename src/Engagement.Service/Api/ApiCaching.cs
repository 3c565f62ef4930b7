using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Engagement.Data.Store.Repositories;
using Microsoft.Net.Http.Headers;

namespace Engagement.Service.Api;

/// <summary>
/// Conditional GETs over the store's data version: an answer depends only on the data version
/// and the request (path, query, negotiated format), so a hash of those is its ETag; a client
/// sending it back in <c>If-None-Match</c> gets 304 without anything being computed. The version
/// is read before the data (a change in between makes the next ETag differ, never the reverse), and
/// <c>?dataVersion=</c> pins it: 409 when the store has moved on.
/// </summary>
public static class ApiCaching
{
    public const string DataVersionHeader = "Engagement-Data-Version";
    public const string CacheControl = "private, max-age=0, must-revalidate";
    private const string VersionItem = "Engagement.DataVersion";
    private const int Attempts = 3;

    /// <summary>Adds the ETag, 304 and pinning to a GET route whose answer is a function of the data version and the request.</summary>
    public static RouteHandlerBuilder WithDataVersionCaching(this RouteHandlerBuilder route) =>
        route.WithMetadata(DataVersionCachingMetadata.Instance).AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var versions = http.RequestServices.GetRequiredService<DataVersionRepository>();
            var pinned = Pinned(http.Request);
            var version = await versions.GetAsync(http.RequestAborted);
            for (var attempt = 1; ; attempt++)
            {
                if (pinned is not null && pinned != version)
                {
                    throw new DataVersionMovedException(pinned.Value, version);
                }

                var etag = Stamp(http, version);
                var ifNoneMatch = http.Request.GetTypedHeaders().IfNoneMatch;
                if (ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(EntityTagHeaderValue.Parse(etag), useStrongComparison: false)))
                {
                    return TypedResults.StatusCode(StatusCodes.Status304NotModified);
                }

                var result = await next(context);

                // The answer is labelled with the version read before its data: if a write landed
                // meanwhile, the data may be newer than the label, so compute it again (or 409 when pinned).
                var after = await versions.GetAsync(http.RequestAborted);
                if (after == version || (attempt == Attempts && pinned is null))
                {
                    return result;
                }

                version = after;
            }
        });

    /// <summary>Sets the caching headers of <paramref name="version"/> and returns its ETag.</summary>
    private static string Stamp(HttpContext http, long version)
    {
        http.Items[VersionItem] = version;
        var headers = http.Response.Headers;
        var etag = ETag(http.Request, version);
        headers.ETag = etag;
        headers.CacheControl = CacheControl;
        headers.Vary = new(["Accept", "Accept-Encoding"]);
        headers[DataVersionHeader] = version.ToString(CultureInfo.InvariantCulture);
        return etag;
    }

    /// <summary>The data version the caching filter read for this request (before any data).</summary>
    public static long? Version(HttpContext context) => context.Items.TryGetValue(VersionItem, out var value) ? (long?)value : null;

    private static long? Pinned(HttpRequest request)
    {
        if (!request.Query.TryGetValue("dataVersion", out var values) || values.Count == 0 || string.IsNullOrEmpty(values[0]))
        {
            return null;
        }

        return long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pinned)
            ? pinned
            : throw new ApiParameterException("dataVersion", $"dataVersion: '{values[0]}' is not a data version (an integer from {DataVersionHeader})");
    }

    /// <summary>A weak validator: compression may change the bytes, not the meaning.</summary>
    private static string ETag(HttpRequest request, long version)
    {
        var query = string.Join('&', request.Query.OrderBy(q => q.Key, StringComparer.Ordinal).Select(q => $"{q.Key}={q.Value}"));
        var csv = ReportFormat.AcceptsCsv(request) ? "csv" : "json";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{version}\n{request.Path}\n{query}\n{csv}"));
        return $"W/\"{version.ToString(CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(hash, 0, 12)}\"";
    }
}

/// <summary>Marks a route with ETags and data version pinning (the OpenAPI document adds 304, 409 and the headers).</summary>
public sealed class DataVersionCachingMetadata
{
    public static DataVersionCachingMetadata Instance { get; } = new();
}

/// <summary>A request pinned to a data version the store has moved past: 409.</summary>
public sealed class DataVersionMovedException(long pinned, long current)
    : Exception($"the store has moved from data version {pinned} to {current}: ask again without dataVersion (or with {current})")
{
    public long Current { get; } = current;
}
