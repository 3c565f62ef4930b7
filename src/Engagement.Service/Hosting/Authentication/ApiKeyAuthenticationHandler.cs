using System.Security.Claims;
using System.Text.Encodings.Web;
using Engagement.Data.Store.Repositories;
using Engagement.Service.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Engagement.Service.Hosting.Authentication;

public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>Also accept the sign-in session cookie (the pages; never the API, so no request forgery can use it).</summary>
    public bool AcceptCookie { get; set; }

    /// <summary>Answer a missing key with a redirect to the sign-in form instead of a 401.</summary>
    public bool RedirectToSignIn { get; set; }
}

/// <summary>
/// Authenticates a request by its API key: the secret is hashed and looked up, the hashes compared
/// in constant time, and a revoked key is no key. The principal carries the key's name and scope.
/// Nothing here logs the secret.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRepository keys,
    SignInSessionRepository sessions,
    IProblemDetailsService problems)
    : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = ApiKeyCredentials.Read(Request);
        if (secret is null)
        {
            return Options.AcceptCookie && ApiKeyCredentials.SessionId(Request) is { } session
                ? await FromSessionAsync(session)
                : AuthenticateResult.NoResult();
        }

        var hash = ApiKeySecrets.Hash(secret);
        var key = await keys.FindByHashAsync(hash, Context.RequestAborted);
        if (key is null || !key.IsActive || !ApiKeySecrets.HashesEqual(key.KeyHash, hash))
        {
            return AuthenticateResult.Fail("unknown or revoked API key");
        }

        return Success(key.Name, key.Scope);
    }

    private async Task<AuthenticateResult> FromSessionAsync(string id)
    {
        var session = await sessions.FindAsync(id, Context.RequestAborted);
        return session is null ? AuthenticateResult.Fail("sign-in session expired, ended or its key revoked") : Success(session.KeyName, session.Scope);
    }

    private AuthenticateResult Success(string name, ApiKeyScope scope)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, name),
                new Claim(ApiKeyDefaults.ScopeClaim, scope == ApiKeyScope.Admin ? ApiKeyDefaults.AdminPolicy : ApiKeyDefaults.ReadPolicy),
            ],
            Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Options.RedirectToSignIn)
        {
            var returnUrl = Request.PathBase + Request.Path + Request.QueryString;
            Response.Redirect($"{ApiKeyDefaults.SignInPath}?returnUrl={Uri.EscapeDataString(returnUrl)}");
            return;
        }

        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await WriteProblemAsync(
            StatusCodes.Status401Unauthorized,
            result.Failure is null
                ? MissingKey(Request.Headers.Authorization.ToString())
                : "the API key is unknown or revoked");
    }

    // What is wrong with a request that carried no usable key; never echoes what it sent (it may be a secret).
    private static string MissingKey(string authorization)
    {
        var scheme = authorization.Trim().Split(' ', 2)[0];
        return authorization.Trim() switch
        {
            "" => $"an API key is required: send Authorization: Bearer KEY or {ApiKeyDefaults.HeaderName}: KEY",
            var value when !value.Contains(' ', StringComparison.Ordinal) && value.StartsWith(ApiKeySecrets.Prefix, StringComparison.Ordinal) =>
                $"the Authorization header has the key but no scheme: send Authorization: Bearer {ApiKeySecrets.Prefix}... (or {ApiKeyDefaults.HeaderName}: KEY)",
            var value when !value.Contains(' ', StringComparison.Ordinal) =>
                $"the Authorization header has no scheme: send Authorization: Bearer KEY (or {ApiKeyDefaults.HeaderName}: KEY)",
            _ => $"the Authorization scheme '{(scheme.Length <= 20 && scheme.All(char.IsAsciiLetter) ? scheme : "?")}' is not accepted: send Authorization: Bearer KEY (or {ApiKeyDefaults.HeaderName}: KEY)",
        };
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return WriteProblemAsync(StatusCodes.Status403Forbidden, "this API key may only read: changing the store needs an admin key");
    }

    private async Task WriteProblemAsync(int status, string detail) =>
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail },
        });
}
