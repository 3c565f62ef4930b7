using Microsoft.AspNetCore.Http.HttpResults;
using Engagement.Service.Hosting.Authentication;

namespace Engagement.Service.Pages;

/// <summary>What the signed-in key may do on the pages: every key reads; an admin key also changes brands and peer sets.</summary>
internal static class PageAccess
{
    public static bool CanEdit(HttpContext http) => http.User.HasClaim(ApiKeyDefaults.ScopeClaim, ApiKeyDefaults.AdminPolicy);

    /// <summary>The page a read-only key gets instead of a form that changes the store.</summary>
    public static RazorComponentResult ReadOnly() => PageEndpoints.Page<ErrorPage>(StatusCodes.Status403Forbidden, new()
    {
        [nameof(ErrorPage.Title)] = "Read-only key",
        [nameof(ErrorPage.Message)] = "This key may only read: adding or changing brands and peer sets needs an admin key. Sign out and sign in with one.",
    });
}
