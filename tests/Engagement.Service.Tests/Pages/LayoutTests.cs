using System.Net;
using System.Text.RegularExpressions;
using Engagement.Service.Pages.Components;
using Engagement.Service.Tests.Infrastructure;

namespace Engagement.Service.Tests.Pages;

/// <summary>The frame every page shares, the sign-in form, and the documentation the pages link to.</summary>
public partial class LayoutTests : ApiFixture
{
    [Test]
    public async Task Every_page_has_a_skip_link_to_main_a_named_navigation_and_a_footer()
    {
        var html = await Reader.GetStringAsync("/");
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.StartWith("<!DOCTYPE html>"));
            Assert.That(html, Does.Contain("<html lang=\"en\">"));
            Assert.That(html, Does.Match("<a class=\"skip-link\" href=\"#main\">"));
            Assert.That(html, Does.Contain("<main id=\"main\""));
            Assert.That(html, Does.Contain("<nav aria-label=\"Main\">"));
            Assert.That(html, Does.Contain("<a href=\"/\" aria-current=\"page\">Brands</a>"), "the current page is marked in the navigation");
            Assert.That(html, Does.Contain("<footer class=\"site\">"));
            Assert.That(html, Does.Contain("action=\"/signout\""));
        });
    }

    [Test]
    public async Task Sign_in_page_has_no_navigation_and_its_form_carries_the_anti_forgery_token()
    {
        var html = await Anonymous.GetStringAsync("/signin?returnUrl=%2Freports%2Fcompare.html");
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Not.Contain("class=\"nav-links\"").And.Not.Contain("action=\"/signout\""));
            Assert.That(Token().Match(html).Success, Is.True, "the anti-forgery token is in the form");
            Assert.That(html, Does.Contain("<label for=\"key\">API key</label>"));
            Assert.That(html, Does.Contain("name=\"returnUrl\" value=\"/reports/compare.html\""));
        });
    }

    [Test]
    public async Task Methodology_is_served_as_a_page_with_an_anchor_for_every_section_a_page_links()
    {
        var response = await Anonymous.GetAsync("/docs/methodology");
        var html = await response.Content.ReadAsStringAsync();
        var ids = Ids().Matches(html).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        Measure[] linked = [Measures.Impact, Measures.Engagement, Measures.Responsiveness, Measures.ChannelScore, Measures.BrandScore,
            Measures.ShareOfConversation, Measures.FirstResponse, Measures.InteractionsPer1000];
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("<h1").And.Contain("Methodology").And.Contain("<table>"), "headings and tables are rendered");
            foreach (var measure in linked)
            {
                Assert.That(ids, Does.Contain(measure.Link.Split('#')[1]), measure.Label);
            }

            Assert.That(html, Does.Contain("href=\"/docs/data-format\""), "links between the documents stay on this site");
        });
    }

    [Test]
    public async Task A_document_that_does_not_exist_is_a_404_page()
    {
        var response = await Anonymous.GetAsync("/docs/nope");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("no document"));
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"[^\"]{20,}\"")]
    private static partial Regex Token();

    [GeneratedRegex("id=\"([^\"]+)\"")]
    private static partial Regex Ids();
}
