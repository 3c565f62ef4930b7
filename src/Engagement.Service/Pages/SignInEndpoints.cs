using Engagement.Data.Store.Repositories;
using Engagement.Service.Hosting.Authentication;
using Engagement.Service.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Engagement.Service.Pages;

/// <summary>
/// Browser sign-in: <c>GET /signin</c> shows a form, <c>POST /signin</c> checks the key and starts a
/// server-side session whose random id goes in an HttpOnly, SameSite=Strict cookie that only the
/// pages accept (the key itself never leaves the form); <c>POST /signout</c> ends the session.
/// A session also ends at its expiry (SignIn:SessionLifetime) and when its key is revoked.
/// </summary>
public static class SignInEndpoints
{
    /// <summary>How long a sign-in lasts (section <c>SignIn</c>, key <c>SessionLifetime</c>). Default 8 hours.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(8);

    private const string HtmlType = "text/html; charset=utf-8";

    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(ApiKeyDefaults.SignInPath).AllowAnonymous().ExcludeFromDescription();
        group.MapGet("", Form);
        group.MapPost("", SignInAsync);
        // Signing out needs no anti-forgery token: forging it could only sign someone out.
        app.MapPost("/signout", SignOutAsync).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    private static ContentHttpResult Form(string? returnUrl, HttpContext http, IAntiforgery antiforgery) =>
        FormPage(http, antiforgery, returnUrl, error: null, StatusCodes.Status200OK);

    private static async Task<Results<RedirectHttpResult, ContentHttpResult>> SignInAsync(
        [FromForm] string? key, [FromForm] string? returnUrl, HttpContext http, IAntiforgery antiforgery, ApiKeyRepository keys,
        SignInSessionRepository sessions, IConfiguration configuration, TimeProvider time, CancellationToken ct)
    {
        var secret = key?.Trim() ?? "";
        var hash = ApiKeySecrets.Hash(secret);
        var found = secret.Length == 0 ? null : await keys.FindByHashAsync(hash, ct);
        if (found is null || !found.IsActiveAt(time.GetUtcNow()) || !ApiKeySecrets.HashesEqual(found.KeyHash, hash))
        {
            return FormPage(http, antiforgery, returnUrl, "That key is unknown or revoked.", StatusCodes.Status401Unauthorized);
        }

        var lifetime = configuration.GetValue("SignIn:SessionLifetime", DefaultLifetime);
        if (lifetime <= TimeSpan.Zero)
        {
            lifetime = DefaultLifetime;
        }

        var session = await sessions.CreateAsync(found.Id, lifetime, ct);
        http.Response.Cookies.Append(ApiKeyDefaults.CookieName, session, new CookieOptions
        {
            Expires = time.GetUtcNow() + lifetime,
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = "/",
            IsEssential = true,
        });
        return TypedResults.Redirect(LocalOrHome(returnUrl));
    }

    private static async Task<RedirectHttpResult> SignOutAsync(HttpContext http, SignInSessionRepository sessions, CancellationToken ct)
    {
        if (ApiKeyCredentials.SessionId(http.Request) is { } session)
        {
            await sessions.RevokeAsync(session, ct);
        }

        http.Response.Cookies.Delete(ApiKeyDefaults.CookieName, new CookieOptions { Path = "/" });
        return TypedResults.Redirect(ApiKeyDefaults.SignInPath);
    }

    private static ContentHttpResult FormPage(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return TypedResults.Content(SignInPage.Render(LocalOrHome(returnUrl), tokens.FormFieldName, tokens.RequestToken, error), HtmlType, statusCode: status);
    }

    /// <summary>
    /// Only a path on this site: an open redirect to another host would make a phishing link of the
    /// sign-in page. Printable ASCII only (a query's other characters come percent-encoded): browsers
    /// drop tabs and line breaks from URLs, so "/\t/evil" would be "//evil", and a CR or LF cannot
    /// go in a Location header at all.
    /// </summary>
    internal static string LocalOrHome(string? url) =>
        url is { Length: > 0 and <= 2048 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
            && url.All(c => c is > ' ' and < '\u007f' and not '\\')
            ? url
            : "/";
}
