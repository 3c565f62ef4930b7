using System.Security.Claims;
using System.Text;

namespace Engagement.Service.Pages;

/// <summary>
/// A page's HTML as the browser would receive it, rendered in-process (no request goes out): the
/// page's result is executed against a context of its own whose response is kept in memory. The
/// PDF printer prints exactly this.
/// </summary>
internal static class PageHtml
{
    /// <param name="user">Whom the page is for (the caller of /compare.pdf); null for a scheduled report.</param>
    public static async Task<string> RenderAsync(IResult page, IServiceProvider services, ClaimsPrincipal? user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(page);
        await using var scope = services.CreateAsyncScope();
        using var body = new MemoryStream();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider, RequestAborted = ct };
        context.Request.Method = HttpMethods.Get;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("engagement.invalid");
        context.Request.Path = Links.ComparePath;
        context.Response.Body = body;
        if (user is not null)
        {
            context.User = user;
        }

        await page.ExecuteAsync(context);
        return Encoding.UTF8.GetString(body.ToArray());
    }
}
