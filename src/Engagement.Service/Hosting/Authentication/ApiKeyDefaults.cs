namespace Engagement.Service.Hosting.Authentication;

/// <summary>Names of the API key schemes, claims and policies.</summary>
public static class ApiKeyDefaults
{
    /// <summary>The API: a key in <c>Authorization: Bearer KEY</c> or <c>X-Api-Key: KEY</c>; 401/403 as problem details.</summary>
    public const string Scheme = "ApiKey";

    /// <summary>The HTML pages: the same keys, also from the sign-in cookie; a stranger is sent to /signin.</summary>
    public const string PageScheme = "ApiKeyPage";

    public const string HeaderName = "X-Api-Key";
    /// <summary>The pages' sign-in cookie: a server-side session id (never the key itself).</summary>
    public const string CookieName = "engagement_session";
    /// <summary>Any valid key (GET routes); the policies of the other roles are named after them.</summary>
    public const string ReadPolicy = "viewer";

    /// <summary>Any valid key, by header or cookie (HTML pages).</summary>
    public const string PagePolicy = "pages";

    public const string SignInPath = "/signin";
}
