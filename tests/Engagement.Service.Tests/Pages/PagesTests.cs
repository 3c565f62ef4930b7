using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Engagement.Service.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Engagement.Service.Tests.Pages;

public partial class PagesTests : ApiFixture
{
    private const string Compare = "/reports/compare.html?brands=pixel-nord,mile-end-digital,studio-saint-laurent&from=2026-10-01&to=2026-11-01";

    [TestCase("/")]
    [TestCase("/reports/brands/pixel-nord.html")]
    [TestCase(Compare)]
    public async Task Page_without_a_key_redirects_to_sign_in_and_back(string page)
    {
        var response = await Anonymous.GetAsync(page);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/signin?returnUrl={Uri.EscapeDataString(page)}"));
    }

    [Test]
    public async Task Sign_in_sets_an_http_only_strict_cookie_that_opens_the_pages()
    {
        using var browser = Browser();
        var signedIn = await SignInAsync(browser, ReadKey, Compare);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("engagement_session=", StringComparison.Ordinal));
        var page = await browser.GetAsync(Compare);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(signedIn.Headers.Location?.ToString(), Is.EqualTo(Compare));
            Assert.That(cookie, Does.Contain("httponly").IgnoreCase.And.Contain("samesite=strict").IgnoreCase.And.Contain("path=/"));
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("<svg class=\"chart channel-scores\""));
        });
    }

    [Test]
    public async Task Sign_in_with_a_revoked_key_shows_the_form_again_with_401()
    {
        using var browser = Browser();
        var response = await SignInAsync(browser, RevokedKey, "/");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("unknown or revoked"));
        Assert.That(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("engagement_session=", StringComparison.Ordinal)), Is.False);
    }

    [TestCase("https://evil.example/")]
    [TestCase("//evil.example/")]
    [TestCase("/\\evil.example/")]
    public async Task Sign_in_never_returns_to_another_site(string returnUrl)
    {
        using var browser = Browser();
        var response = await SignInAsync(browser, ReadKey, returnUrl);
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/"));
    }

    [Test]
    public async Task Sign_in_without_the_anti_forgery_token_is_refused()
    {
        using var browser = Browser();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = ReadKey });
        var response = await browser.PostAsync("/signin", form);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Sign_out_drops_the_cookie()
    {
        using var browser = Browser();
        await SignInAsync(browser, ReadKey, "/");
        var signedOut = await SignInForm.SignOutAsync(browser);
        var page = await browser.GetAsync("/");
        Assert.That(signedOut.Headers.Location?.ToString(), Is.EqualTo("/signin"));
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task Sign_out_without_the_anti_forgery_token_is_refused_and_the_session_stays()
    {
        using var browser = Browser();
        await SignInAsync(browser, ReadKey, "/");
        var forged = await browser.PostAsync("/signout", null);
        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await browser.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Sign_out_from_the_documentation_works_for_a_signed_in_reader()
    {
        using var browser = Browser();
        await SignInAsync(browser, ReadKey, "/");
        var signedOut = await SignInForm.SignOutAsync(browser, "/docs/methodology");
        Assert.That(signedOut.Headers.Location?.ToString(), Is.EqualTo("/signin"));
        Assert.That((await browser.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task Index_lists_every_brand_with_a_link_to_its_report()
    {
        var html = await Reader.GetStringAsync("/");
        Assert.That(html, Does.Contain("href=\"/reports/brands/pixel-nord.html\"").And.Contain("Plateau Pixels"));
        Assert.That(Regex.Matches(html, "name=\"brands\" value=").Count, Is.GreaterThanOrEqualTo(12));
    }

    [Test]
    public async Task Compare_page_draws_a_channel_bar_per_brand_and_network_and_every_chart()
    {
        var html = await Reader.GetStringAsync(Compare);
        var channel = ChannelChart().Match(html).Value;
        Assert.Multiple(() =>
        {
            Assert.That(Regex.Matches(channel, "<rect class=\"bar").Count, Is.EqualTo(3 * 3));
            Assert.That(Regex.Matches(channel, "class=\"label group-label\"").Count, Is.EqualTo(3));
            Assert.That(html, Does.Contain("class=\"chart share-of-conversation\"").And.Contain("class=\"chart distribution\"").And.Contain("class=\"chart trend\""));
            Assert.That(Regex.Matches(html, "<svg class=\"chart distribution\"").Count, Is.EqualTo(3 * 3), "a chart per network and KPI");
            Assert.That(Regex.Matches(html, "<g class=\"series\" data-brand=").Count, Is.EqualTo(3));
            Assert.That(Regex.Matches(html, "<circle class=\"marker\"|<path class=\"marker off-scale\"").Count, Is.GreaterThanOrEqualTo(3 * 3));
            Assert.That(html, Does.Match("href=\"/assets/site.css\""));
        });
        // The print styles live in the stylesheet the page links (no inline style: issue 12's CSP).
        Assert.That(await (await Reader.GetAsync("/assets/site.css")).Content.ReadAsStringAsync(), Does.Contain("@media print").And.Contain("size: A4"));
    }

    [Test]
    public async Task Compare_page_takes_the_index_form_checkboxes()
    {
        var html = await Reader.GetStringAsync("/reports/compare.html?brands=pixel-nord&brands=mile-end-digital&from=2026-10-01&to=2026-11-01");
        Assert.That(html, Does.Contain("<h1>Pixel Nord vs Mile End Digital</h1>"));
    }

    [Test]
    public async Task Brand_page_shows_score_grade_and_charts()
    {
        var html = await Reader.GetStringAsync("/reports/brands/pixel-nord.html?from=2026-10-01&to=2026-11-01");
        Assert.That(html, Does.Contain("Pixel Nord").And.Contain("class=\"badge score\"").And.Contain("class=\"chart kpi-scores\""));
        Assert.That(Regex.Matches(KpiChart().Match(html).Value, "<rect class=\"bar").Count, Is.EqualTo(3 * 3), "three KPI scores on each of three networks");
    }

    [TestCase("/reports/brands/ghost.html", HttpStatusCode.NotFound, "ghost")]
    [TestCase("/reports/brands/pixel-nord.html?from=2026-99-01", HttpStatusCode.BadRequest, "from")]
    [TestCase("/reports/compare.html", HttpStatusCode.BadRequest, "brands=")]
    public async Task Page_that_cannot_be_drawn_says_why_in_html(string page, HttpStatusCode status, string reason)
    {
        var response = await Reader.GetAsync(page);
        Assert.That(response.StatusCode, Is.EqualTo(status));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(reason));
    }

    [Test]
    public async Task Names_from_the_store_are_html_encoded()
    {
        await Admin.PostAsJsonAsync("/api/v1/brands", new { id = "page-xss", name = "<script>alert('x')</script> & Co" });
        var html = await Reader.GetStringAsync("/");
        Assert.That(html, Does.Not.Contain("<script>alert"));
        Assert.That(html, Does.Contain("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Co"));
    }

    private HttpClient Browser() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static Task<HttpResponseMessage> SignInAsync(HttpClient browser, string key, string returnUrl) =>
        SignInForm.PostAsync(browser, key, returnUrl);

    [GeneratedRegex("<svg class=\"chart channel-scores\".*?</svg>", RegexOptions.Singleline)]
    private static partial Regex ChannelChart();

    [GeneratedRegex("<svg class=\"chart kpi-scores\".*?</svg>", RegexOptions.Singleline)]
    private static partial Regex KpiChart();
}
