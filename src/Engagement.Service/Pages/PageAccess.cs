using Engagement.Data.Store.Repositories;
using Engagement.Service.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engagement.Service.Pages;

/// <summary>What the signed-in key may do on the pages: every role reads; an editor (or above) also changes brands and peer sets.</summary>
internal static class PageAccess
{
    public static bool CanEdit(HttpContext http) => Caller.From(http.User)?.Has(ApiKeyRole.Editor) == true;

    /// <summary>The page a viewer key gets instead of a form that changes the store.</summary>
    public static RazorComponentResult ReadOnly() => PageEndpoints.Page<ErrorPage>(StatusCodes.Status403Forbidden, new()
    {
        [nameof(ErrorPage.Title)] = "Read-only key",
        [nameof(ErrorPage.Message)] = "This key may only read: adding or changing brands and peer sets needs an editor key. Sign out and sign in with one.",
    });
}
