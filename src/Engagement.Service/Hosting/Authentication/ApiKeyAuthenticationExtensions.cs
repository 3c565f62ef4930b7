using Engagement.Data.Store.Repositories;
using Engagement.Service.Security;
using Microsoft.AspNetCore.Authorization;

namespace Engagement.Service.Hosting.Authentication;

public static class ApiKeyAuthenticationExtensions
{
    /// <summary>API keys for the API and the pages, a policy per role, and the request's <see cref="Caller"/>.</summary>
    public static IHostApplicationBuilder AddApiKeyAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(ApiKeyDefaults.Scheme)
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, null)
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.PageScheme, options =>
            {
                options.AcceptCookie = true;
                options.RedirectToSignIn = true;
            });
        var authorization = builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyDefaults.PagePolicy, policy => Role(policy, ApiKeyDefaults.PageScheme, ApiKeyRole.Viewer));
        foreach (var role in Enum.GetValues<ApiKeyRole>())
        {
            authorization.AddPolicy(PolicyOf(role), policy => Role(policy, ApiKeyDefaults.Scheme, role));
        }

        builder.Services.AddSingleton<KeyUsage>();
        builder.Services.AddSingleton<BrandAccess>();
        builder.Services.AddCaller();
        builder.Services.AddAntiforgery();
        return builder;
    }

    /// <summary>The policy a route of <paramref name="role"/> requires: the role's name.</summary>
    public static string PolicyOf(ApiKeyRole role) => ApiKeyRoles.Text(role);

    /// <summary>The route needs a key of <paramref name="role"/> or above; a lesser key gets 403 whatever the route names.</summary>
    public static RouteHandlerBuilder RequireRole(this RouteHandlerBuilder route, ApiKeyRole role) =>
        route.RequireAuthorization(PolicyOf(role)).ProducesProblem(StatusCodes.Status403Forbidden);

    private static void Role(AuthorizationPolicyBuilder policy, string scheme, ApiKeyRole role) =>
        policy.AddAuthenticationSchemes(scheme).RequireAssertion(context => Caller.From(context.User)?.Has(role) == true);
}
