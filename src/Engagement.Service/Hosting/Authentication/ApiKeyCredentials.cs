namespace Engagement.Service.Hosting.Authentication;

/// <summary>Where a request carries its API key.</summary>
public static class ApiKeyCredentials
{
    private const string Bearer = "Bearer ";

    /// <summary>The key from <c>Authorization: Bearer</c>, else <c>X-Api-Key</c>.</summary>
    public static string? Read(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) && authorization.Length > Bearer.Length)
        {
            return authorization[Bearer.Length..].Trim();
        }

        if (request.Headers[ApiKeyDefaults.HeaderName].ToString() is { Length: > 0 } header)
        {
            return header.Trim();
        }

        return null;
    }

    /// <summary>The sign-in session id from the pages' cookie (never a key).</summary>
    public static string? SessionId(HttpRequest request) =>
        request.Cookies[ApiKeyDefaults.CookieName] is { Length: > 0 and <= 128 } cookie ? cookie : null;
}
