using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Engagement.Data.Store.Repositories;
using Engagement.Service.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Engagement.Service.Tests.Pages;

/// <summary>The dashboard, onboarding and collectors pages over HTTP, signed in through the form as a browser is.</summary>
public partial class OnboardingPagesTests : ApiFixture
{
    [Test]
    public async Task Dashboard_ranks_the_brands_with_scores_and_searches()
    {
        using var browser = await SignedInAsync(ReadKey);
        var all = await browser.GetStringAsync("/?from=2026-10-01&to=2026-11-01");
        var search = await browser.GetStringAsync("/?q=NORD&from=2026-10-01&to=2026-11-01");
        var ranked = RowBrands().Matches(all).Select(m => m.Groups[1].Value).ToList();
        var benchmark = await Reader.GetFromJsonAsync<JsonElement>("/api/v1/benchmarks?from=2026-10-01&to=2026-11-01");
        var expected = benchmark.GetProperty("brands").EnumerateArray()
            .OrderBy(b => b.GetProperty("rank").ValueKind == JsonValueKind.Null ? int.MaxValue : b.GetProperty("rank").GetInt32())
            .ThenBy(b => b.GetProperty("brand").GetString(), StringComparer.Ordinal)
            .Select(b => b.GetProperty("brand").GetString())
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(ranked, Is.EqualTo(expected));
            Assert.That(all, Does.Contain("<svg class=\"sparkline\"").And.Contain("class=\"change "));
            Assert.That(all, Does.Not.Contain("href=\"/brands/new\"><"), "a read key is not offered the brand form in the actions");
            Assert.That(RowBrands().Matches(search).Select(m => m.Groups[1].Value), Is.EqualTo(new[] { "pixel-nord" }));
        });
    }

    [Test]
    public async Task Viewer_key_gets_403_on_the_forms()
    {
        using var browser = await SignedInAsync(ReadKey);
        var form = await browser.GetAsync("/brands/new");
        var edit = await browser.GetAsync("/brands/pixel-nord/edit");
        Assert.That((form.StatusCode, edit.StatusCode), Is.EqualTo((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)));
        Assert.That(await form.Content.ReadAsStringAsync(), Does.Contain("needs an editor key"));
    }

    [Test]
    public async Task Form_without_anti_forgery_token_is_refused_and_nothing_is_saved()
    {
        using var browser = await SignedInAsync(AdminKey);
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "Forged", ["account0"] = "https://x.com/forged" });
        var response = await browser.PostAsync("/brands/new", content);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await Factory.Services.GetRequiredService<BrandRepository>().GetAsync("forged"), Is.Null);
    }

    [Test]
    public async Task Form_errors_are_shown_next_to_their_fields_then_a_valid_form_redirects_to_its_collection()
    {
        using var browser = await SignedInAsync(AdminKey);
        var refused = await PostFormAsync(browser, "/brands/new", new()
        {
            ["name"] = "Page Made",
            ["account0"] = "https://x.com/home",
            ["network1"] = "instagram",
            ["account1"] = "page.made",
        });
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(html, Does.Match("id=\"account0\"[^>]*aria-invalid=\"true\"[^>]*aria-describedby=\"accounts-hint account0-error\""));
            Assert.That(html, Does.Contain("<p class=\"field-error\" id=\"account0-error\">&#x27;https://x.com/home&#x27; is a page of X, not a profile"));
            Assert.That(html, Does.Contain("value=\"page.made\""), "what was typed is kept");
        });

        var saved = await PostFormAsync(browser, "/brands/new", new()
        {
            ["name"] = "Page Made",
            ["account0"] = "https://x.com/PageMade",
            ["network1"] = "instagram",
            ["account1"] = "page.made",
        });
        var accounts = await Factory.Services.GetRequiredService<AccountRepository>().ListAsync("page-made");
        var progress = await browser.GetStringAsync(saved.Headers.Location!.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(saved.Headers.Location?.ToString(), Is.EqualTo("/brands/page-made/collection"));
            Assert.That(accounts.Select(a => $"{a.Network}/{a.Handle}"), Is.EquivalentTo(new[] { "x/pagemade", "instagram/page.made" }));
            Assert.That(progress, Does.Contain("Collection of Page Made").And.Contain("BearerToken is not set"), "the X collector has no token here: it says so");
        });

        var deleted = await PostFormAsync(browser, "/brands/page-made/delete", new() { ["confirm"] = "yes" }, "/brands/page-made/edit");
        Assert.That(deleted.Headers.Location?.ToString(), Is.EqualTo("/?deleted=Page%20Made"));
        Assert.That(await Factory.Services.GetRequiredService<BrandRepository>().GetAsync("page-made"), Is.Null);
    }

    [Test]
    public async Task Peer_set_form_keeps_the_picks_across_searches_and_opens_the_comparison()
    {
        using var browser = await SignedInAsync(AdminKey);
        var search = await browser.GetStringAsync("/peer-sets/new?brand=pixel-nord&q=mile&picked=verdun-web");
        Assert.That(search, Does.Contain("value=\"mile-end-digital\"").And.Match("value=\"verdun-web\" checked"));

        var saved = await PostFormAsync(browser, "/peer-sets/new", new() { ["brand"] = "pixel-nord", ["name"] = "pixel-rivals", ["brands"] = "verdun-web" },
            "/peer-sets/new?brand=pixel-nord");
        var set = await Factory.Services.GetRequiredService<PeerSetRepository>().GetAsync(WorkspaceRepository.Default, "pixel-rivals");
        Assert.That(saved.Headers.Location?.ToString(), Is.EqualTo("/reports/compare.html?brands=pixel-nord%2Cverdun-web&benchmark=peers%3Apixel-rivals"));
        Assert.That(set?.Brands, Is.EqualTo(new[] { "verdun-web" }));
    }

    [Test]
    public async Task Collectors_page_shows_the_rows_of_the_api()
    {
        using var browser = await SignedInAsync(ReadKey);
        var html = await browser.GetStringAsync("/collectors?network=mastodon");
        var api = await Reader.GetFromJsonAsync<JsonElement>("/api/v1/collectors?network=mastodon&limit=100");
        var handles = api.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("handle").GetString()).ToList();
        var shown = CollectorRows().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.That(handles, Is.Not.Empty);
        Assert.That(shown, Is.EqualTo(handles));
    }

    private async Task<HttpClient> SignedInAsync(string key)
    {
        var browser = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await SignInForm.PostAsync(browser, key, "/");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        return browser;
    }

    // The token comes from the page the form is on, as a browser would post it.
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string action, Dictionary<string, string> fields, string? formPage = null)
    {
        var page = await browser.GetStringAsync(formPage ?? action);
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value);
        using var content = new FormUrlEncodedContent(fields);
        return await browser.PostAsync(action, content);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("<input type=\"checkbox\" name=\"brands\" value=\"([^\"]+)\" id=\"pick-")]
    private static partial Regex RowBrands();

    [GeneratedRegex("<tr><td class=\"text\">Mastodon</td><td class=\"text\">([^<]+)</td>")]
    private static partial Regex CollectorRows();
}
