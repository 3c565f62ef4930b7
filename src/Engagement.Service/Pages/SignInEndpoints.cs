using Engagement.Data.Store.Repositories;
using Engagement.Service.Hosting.Authentication;
using Engagement.Service.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
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

    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(ApiKeyDefaults.SignInPath).AllowAnonymous().ExcludeFromDescription();
        group.MapGet("", Form);
        group.MapPost("", SignInAsync);
        // The token is checked in the handler, against the signed-in user the page's form was made for.
        app.MapPost("/signout", SignOutAsync).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    private static RazorComponentResult Form(string? returnUrl) => FormPage(returnUrl, error: null, StatusCodes.Status200OK);

    private static async Task<Results<RedirectHttpResult, RazorComponentResult>> SignInAsync(
        [FromForm] string? key, [FromForm] string? returnUrl, HttpContext http, ApiKeyRepository keys,
        SignInSessionRepository sessions, IConfiguration configuration, TimeProvider time, CancellationToken ct)
    {
        var secret = key?.Trim() ?? "";
        var hash = ApiKeySecrets.Hash(secret);
        var found = secret.Length == 0 ? null : await keys.FindByHashAsync(hash, ct);
        if (found is null || !found.IsActiveAt(time.GetUtcNow()) || !ApiKeySecrets.HashesEqual(found.KeyHash, hash))
        {
            return FormPage(returnUrl, "That key is unknown or revoked.", StatusCodes.Status401Unauthorized);
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

    /// <summary>
    /// Ends the session. Like every form, sign-out carries the anti-forgery token (another site
    /// cannot sign a user out); the token belongs to the signed-in user, so the session is read
    /// first. A session already over has nothing to protect: its cookie is dropped all the same.
    /// </summary>
    private static async Task<Results<RedirectHttpResult, BadRequest>> SignOutAsync(
        HttpContext http, IAntiforgery antiforgery, SignInSessionRepository sessions, CancellationToken ct)
    {
        if ((await http.AuthenticateAsync(ApiKeyDefaults.PageScheme)) is { Succeeded: true, Principal: { } user })
        {
            http.User = user;
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return TypedResults.BadRequest();
            }
        }

        if (ApiKeyCredentials.SessionId(http.Request) is { } session)
        {
            await sessions.RevokeAsync(session, ct);
        }

        http.Response.Cookies.Delete(ApiKeyDefaults.CookieName, new CookieOptions { Path = "/" });
        return TypedResults.Redirect(ApiKeyDefaults.SignInPath);
    }

    // The form's anti-forgery token comes from the PostForm component (AntiforgeryToken).
    private static RazorComponentResult FormPage(string? returnUrl, string? error, int status) =>
        PageEndpoints.Page<SignInPage>(status, new() { [nameof(SignInPage.ReturnUrl)] = LocalOrHome(returnUrl), [nameof(SignInPage.Error)] = error });

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
