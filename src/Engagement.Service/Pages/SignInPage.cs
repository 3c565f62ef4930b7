using static Engagement.Service.Pages.Html;

namespace Engagement.Service.Pages;

/// <summary>The sign-in form: an API key, kept in an HttpOnly cookie by the browser afterwards.</summary>
internal static class SignInPage
{
    public static string Render(string? returnUrl, string formFieldName, string? requestToken, string? error) => HtmlLayout.Page(
        "Sign in",
        $"""
        <h1>Sign in</h1>
        <p>Paste an API key (engagement keys create --name NAME --scope read). The browser keeps it in an HttpOnly cookie for this site only.</p>
        {(error is null ? "" : $"""<p class="error">{E(error)}</p>""")}
        <form class="signin" method="post" action="/signin">
        <input type="hidden" name="{E(formFieldName)}" value="{E(requestToken)}">
        <input type="hidden" name="returnUrl" value="{E(returnUrl)}">
        <label>API key <input type="password" name="key" autocomplete="off" required size="50"></label>
        <button type="submit">Sign in</button>
        </form>
        """,
        signedIn: false);
}
