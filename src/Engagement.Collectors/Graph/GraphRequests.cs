using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Engagement.Collectors.Http;
using Engagement.Collectors.Options;

namespace Engagement.Collectors.Graph;

/// <summary>
/// How both Graph clients call the API: paths under the configured versioned root, the access
/// token as the <c>access_token</c> parameter, Graph errors read from the body, and
/// <c>paging.next</c> links rebuilt against the configured root.
/// </summary>
internal sealed partial class GraphRequests(HttpClient http, GraphCollectorOptions options, string network)
{
    private Uri BaseUrl => options.ResolveBaseUrl();

    private string Token => string.IsNullOrEmpty(options.AccessToken)
        ? throw new InvalidOperationException($"{options.Section}:AccessToken is not set")
        : options.AccessToken;

    /// <summary><paramref name="pathAndQuery"/> (with a query) under the root, with the token.</summary>
    public Uri Url(string pathAndQuery) => new(BaseUrl, $"{pathAndQuery}&access_token={Uri.EscapeDataString(Token)}");

    /// <summary>
    /// The server's <c>paging.next</c> with the same path and query under the configured root: the
    /// server names its own host and version, which is wrong behind a proxy or a configured base
    /// URL. Its access token is replaced by ours. Null when there is no usable next page.
    /// </summary>
    public Uri? Next(string? next)
    {
        if (string.IsNullOrWhiteSpace(next) || !Uri.TryCreate(next, UriKind.Absolute, out var link))
        {
            return null;
        }

        var basePath = BaseUrl.AbsolutePath;
        var path = link.AbsolutePath;
        string relative;
        if (basePath != "/" && path.StartsWith(basePath, StringComparison.Ordinal))
        {
            relative = path[basePath.Length..];
        }
        else
        {
            var trimmed = path.TrimStart('/');
            var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
            relative = slash > 0 && VersionSegment().IsMatch(trimmed[..slash]) ? trimmed[(slash + 1)..] : trimmed;
        }

        var query = string.Join('&', link.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("access_token=", StringComparison.Ordinal)));
        return relative.Length == 0 ? null : Url($"{relative}?{query}");
    }

    /// <summary>GETs a Graph node or list; a Graph error becomes what <paramref name="special"/> returns, else a <see cref="CollectorHttpException"/>.</summary>
    public async Task<T> GetAsync<T>(Uri url, JsonTypeInfo<T> type, Func<GraphError, Exception?>? special, CancellationToken ct)
    {
        try
        {
            var (value, response) = await HttpJson.GetAsync(http, url, type, null, (r, body) => Error(r, body, url, special), ct);
            response.Dispose();
            return value;
        }
        catch (JsonException e) when (e.Path is not null && !e.Message.Contains(e.Path, StringComparison.Ordinal))
        {
            // Name the field, so the status says what in the answer was wrong.
            throw new JsonException($"{HttpJson.Redact(url)} at {e.Path}: {e.Message}", e.Path, e.LineNumber, e.BytePositionInLine, e);
        }
    }

    private Exception Error(HttpResponseMessage response, string body, Uri url, Func<GraphError, Exception?>? special)
    {
        if (GraphErrors.Parse(body) is not { } error)
        {
            return new CollectorHttpException(response.StatusCode, HttpJson.Redact(url), HttpJson.Excerpt(body));
        }

        return special?.Invoke(error)
            ?? new CollectorHttpException(response.StatusCode, HttpJson.Redact(url), $"{network}: {GraphErrors.Describe(error)}");
    }

    /// <summary>A node that does not exist or cannot be read: 803 (unknown alias), 100/33 (no such object), 110 (invalid user).</summary>
    public static bool IsMissingNode(GraphError error) =>
        error.Code is 803 or 110 || (error.Code == 100 && error.ErrorSubcode is 33 or 2207013);

    [GeneratedRegex(@"^v\d+(\.\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionSegment();
}
