using Engagement.Service.Hosting.Authentication;
using Microsoft.AspNetCore.Authentication;

namespace Engagement.Service.Hosting;

/// <summary>
/// Headers every response carries, and authentication before routing's content-type and method
/// answers (issue 12, item 9).
/// </summary>
public static class SecurityHeaders
{
    /// <summary>No inline script or style anywhere: the pages' styles are <c>/assets/site.css</c>, and they have no script.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>First in the pipeline, so errors and redirects carry them too.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                if (IsPage(context.Request.Path))
                {
                    // A page shows what a key may read: no cache, shared or private, keeps a copy.
                    headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });
            await next(context);
        });
        return app;
    }

    /// <summary>
    /// After authentication: routing answers a wrong content type (415) or method (405) before
    /// authorization runs, which would tell a caller without a key what the API accepts. Under
    /// /api such a caller gets the 401 every other request without a key gets.
    /// </summary>
    public static WebApplication UseAuthenticationBeforeContentType(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.DisplayName is { } name
                && (name.StartsWith("415 ", StringComparison.Ordinal) || name.StartsWith("405 ", StringComparison.Ordinal))
                && context.Request.Path.StartsWithSegments(EndpointExtensions.ApiPrefix, StringComparison.OrdinalIgnoreCase)
                && !(await context.AuthenticateAsync(ApiKeyDefaults.Scheme)).Succeeded)
            {
                await context.ChallengeAsync(ApiKeyDefaults.Scheme);
                return;
            }

            await next(context);
        });
        return app;
    }

    private static bool IsPage(PathString path) =>
        !path.StartsWithSegments(EndpointExtensions.ApiPrefix, StringComparison.OrdinalIgnoreCase)
        && !path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase)
        && !path.StartsWithSegments("/assets", StringComparison.OrdinalIgnoreCase)
        && !path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);
}
