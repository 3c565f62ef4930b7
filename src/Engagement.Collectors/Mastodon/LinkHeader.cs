namespace Engagement.Collectors.Mastodon;

/// <summary>RFC 8288 <c>Link</c> headers, as Mastodon pages with them.</summary>
internal static class LinkHeader
{
    /// <summary>The target of the link with <c>rel="next"</c>, or null.</summary>
    public static Uri? Next(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            foreach (var link in value.Split(','))
            {
                var parts = link.Split(';');
                var target = parts[0].Trim();
                if (target.Length < 2 || target[0] != '<' || target[^1] != '>')
                {
                    continue;
                }

                var isNext = parts.Skip(1).Select(p => p.Trim()).Any(p =>
                    p.Equals("rel=\"next\"", StringComparison.OrdinalIgnoreCase) || p.Equals("rel=next", StringComparison.OrdinalIgnoreCase));
                if (isNext && Uri.TryCreate(target[1..^1], UriKind.Absolute, out var uri))
                {
                    return uri;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The same path and query under <paramref name="baseUrl"/>: the server names itself in its
    /// links, which is wrong behind a proxy or a configured base URL.
    /// </summary>
    public static Uri Rebase(Uri link, Uri baseUrl) => new(baseUrl, link.PathAndQuery.TrimStart('/'));
}
