namespace Engagement.Service.Hosting.Authentication;

public static class ApiKeyAuthenticationExtensions
{
    /// <summary>API keys for the API and the pages, and the read / admin / pages policies.</summary>
    public static IHostApplicationBuilder AddApiKeyAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(ApiKeyDefaults.Scheme)
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, null)
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.PageScheme, options =>
            {
                options.AcceptCookie = true;
                options.RedirectToSignIn = true;
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyDefaults.ReadPolicy, policy => policy
                .AddAuthenticationSchemes(ApiKeyDefaults.Scheme)
                .RequireClaim(ApiKeyDefaults.ScopeClaim, ApiKeyDefaults.ReadPolicy, ApiKeyDefaults.AdminPolicy))
            .AddPolicy(ApiKeyDefaults.AdminPolicy, policy => policy
                .AddAuthenticationSchemes(ApiKeyDefaults.Scheme)
                .RequireClaim(ApiKeyDefaults.ScopeClaim, ApiKeyDefaults.AdminPolicy))
            .AddPolicy(ApiKeyDefaults.PagePolicy, policy => policy
                .AddAuthenticationSchemes(ApiKeyDefaults.PageScheme)
                .RequireClaim(ApiKeyDefaults.ScopeClaim, ApiKeyDefaults.ReadPolicy, ApiKeyDefaults.AdminPolicy));
        builder.Services.AddAntiforgery();
        return builder;
    }

    /// <summary>The route changes the store: an admin key is needed, a read key gets 403.</summary>
    public static RouteHandlerBuilder RequireAdminKey(this RouteHandlerBuilder route) =>
        route.RequireAuthorization(ApiKeyDefaults.AdminPolicy).ProducesProblem(StatusCodes.Status403Forbidden);
}
