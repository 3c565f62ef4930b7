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
/// in constant time, and a revoked or expired key is no key. The key is read from the store on
/// every request, so a revocation holds at once on every instance. The principal carries the
/// <see cref="Caller"/>: key, workspace, role and brands. Nothing here logs the secret.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRepository keys,
    SignInSessionRepository sessions,
    KeyUsage usage,
    TimeProvider time,
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
        if (key is null || !key.IsActiveAt(time.GetUtcNow()) || !ApiKeySecrets.HashesEqual(key.KeyHash, hash))
        {
            return AuthenticateResult.Fail("unknown, expired or revoked API key");
        }

        return await SuccessAsync(key);
    }

    private async Task<AuthenticateResult> FromSessionAsync(string id)
    {
        var session = await sessions.FindAsync(id, Context.RequestAborted);
        var key = session is null ? null : await keys.GetAsync(session.KeyId, workspace: null, Context.RequestAborted);
        return key is null || !key.IsActiveAt(time.GetUtcNow())
            ? AuthenticateResult.Fail("sign-in session expired, ended or its key revoked")
            : await SuccessAsync(key);
    }

    private async Task<AuthenticateResult> SuccessAsync(ApiKey key)
    {
        await usage.SeenAsync(key.Id, Context.RequestAborted);
        var identity = new ClaimsIdentity(Caller.Of(key).Claims(), Scheme.Name);
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
                : "the API key is unknown, expired or revoked");
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
        var role = Caller.From(Context.User)?.Role is { } known ? ApiKeyRoles.Text(known) : "none";
        return WriteProblemAsync(StatusCodes.Status403Forbidden,
            $"this API key's role ({role}) does not allow this request: reading needs viewer, changing brands, accounts, peer sets "
            + "and imports needs editor, keys and the audit log need owner, workspaces need the server's admin key");
    }

    private async Task WriteProblemAsync(int status, string detail) =>
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail },
        });
}
