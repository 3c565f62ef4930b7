using System.Net;
using System.Text.RegularExpressions;

namespace Engagement.Service.Tests.Infrastructure;

/// <summary>Signs a browser-like client in through the form, anti-forgery token included.</summary>
public static partial class SignInForm
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient browser, string key, string returnUrl)
    {
        var form = await browser.GetStringAsync($"/signin?returnUrl={Uri.EscapeDataString(returnUrl)}");
        var token = WebUtility.HtmlDecode(Token().Match(form).Groups[1].Value);
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["key"] = key,
            ["returnUrl"] = returnUrl,
        });
        return await browser.PostAsync("/signin", content);
    }

    /// <summary>Signs out through the form every signed-in page carries (its anti-forgery token included).</summary>
    public static async Task<HttpResponseMessage> SignOutAsync(HttpClient browser, string from = "/")
    {
        var page = await browser.GetStringAsync(from);
        var token = WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value);
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        return await browser.PostAsync("/signout", content);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
