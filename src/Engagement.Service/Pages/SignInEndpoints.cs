using Engagement.Data.Store.Repositories;
using Engagement.Service.Hosting.Authentication;
using Engagement.Service.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Engagement.Service.Pages;

/// <summary>
/// Browser sign-in: <c>GET /signin</c> shows a form, <c>POST /signin</c> checks the key and keeps it
/// in an HttpOnly, SameSite=Strict cookie that only the pages accept, <c>POST /signout</c> drops it.
/// </summary>
public static class SignInEndpoints
{
    private const string HtmlType = "text/html; charset=utf-8";

    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(ApiKeyDefaults.SignInPath).AllowAnonymous().ExcludeFromDescription();
        group.MapGet("", Form);
        group.MapPost("", SignInAsync);
        // Signing out needs no anti-forgery token: forging it could only sign someone out.
        app.MapPost("/signout", SignOut).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    private static ContentHttpResult Form(string? returnUrl, HttpContext http, IAntiforgery antiforgery) =>
        FormPage(http, antiforgery, returnUrl, error: null, StatusCodes.Status200OK);

    private static async Task<Results<RedirectHttpResult, ContentHttpResult>> SignInAsync(
        [FromForm] string? key, [FromForm] string? returnUrl, HttpContext http, IAntiforgery antiforgery, ApiKeyRepository keys, CancellationToken ct)
    {
        var secret = key?.Trim() ?? "";
        var hash = ApiKeySecrets.Hash(secret);
        var found = secret.Length == 0 ? null : await keys.FindByHashAsync(hash, ct);
        if (found is null || !found.IsActive || !ApiKeySecrets.HashesEqual(found.KeyHash, hash))
        {
            return FormPage(http, antiforgery, returnUrl, "That key is unknown or revoked.", StatusCodes.Status401Unauthorized);
        }

        http.Response.Cookies.Append(ApiKeyDefaults.CookieName, secret, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = "/",
            IsEssential = true,
        });
        return TypedResults.Redirect(LocalOrHome(returnUrl));
    }

    private static RedirectHttpResult SignOut(HttpContext http)
    {
        http.Response.Cookies.Delete(ApiKeyDefaults.CookieName, new CookieOptions { Path = "/" });
        return TypedResults.Redirect(ApiKeyDefaults.SignInPath);
    }

    private static ContentHttpResult FormPage(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return TypedResults.Content(SignInPage.Render(LocalOrHome(returnUrl), tokens.FormFieldName, tokens.RequestToken, error), HtmlType, statusCode: status);
    }

    /// <summary>Only a path on this site: an open redirect to another host would make a phishing link of the sign-in page.</summary>
    private static string LocalOrHome(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";
}
