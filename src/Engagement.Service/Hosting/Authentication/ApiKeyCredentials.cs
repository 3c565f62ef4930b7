namespace Engagement.Service.Hosting.Authentication;

/// <summary>Where a request carries its API key.</summary>
public static class ApiKeyCredentials
{
    private const string Bearer = "Bearer ";

    /// <summary>The key from <c>Authorization: Bearer</c>, else <c>X-Api-Key</c>, else (when allowed) the sign-in cookie.</summary>
    public static string? Read(HttpRequest request, bool acceptCookie)
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

        return acceptCookie && request.Cookies[ApiKeyDefaults.CookieName] is { Length: > 0 } cookie ? cookie : null;
    }
}
