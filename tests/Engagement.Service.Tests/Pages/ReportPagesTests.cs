using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Engagement.Service.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Engagement.Service.Tests.Pages;

/// <summary>The compare and brand pages as a marketer reads them: names, units, states, downloads, explanations.</summary>
public partial class ReportPagesTests : ApiFixture
{
    private const string Window = "from=2026-10-01&to=2026-11-01";
    private const string Three = "brands=pixel-nord,mile-end-digital,studio-saint-laurent&" + Window;

    [Test]
    public async Task Compare_page_names_brands_by_name_not_id()
    {
        var html = await Reader.GetStringAsync($"/reports/compare.html?{Three}");
        var scores = Section(html, "scores");
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("<h1>Pixel Nord vs Mile End Digital vs Studio Saint-Laurent</h1>"));
            Assert.That(scores, Does.Contain(">Pixel Nord</a>").And.Contain(">Studio Saint-Laurent</a>"));
            Assert.That(scores, Does.Not.Contain(">pixel-nord<"));
            Assert.That(Regex.Matches(Section(html, "channel"), "class=\"label bar-label\"[^>]*>Mile End Digital<").Count, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Compare_of_many_brands_has_a_short_title()
    {
        var html = await Reader.GetStringAsync($"/reports/compare.html?brands=pixel-nord,mile-end-digital,studio-saint-laurent,verdun-web,lachine-labs&{Window}");
        Assert.That(html, Does.Contain("<h1>Pixel Nord vs 4 brands</h1>"));
    }

    [Test]
    public async Task Every_KPI_table_puts_the_score_in_its_own_column_and_has_no_brackets()
    {
        var html = await Reader.GetStringAsync($"/reports/compare.html?{Three}");
        var details = Section(html, "details");
        Assert.Multiple(() =>
        {
            Assert.That(Regex.Matches(details, "<table class=\"kpi-table\"").Count, Is.EqualTo(3), "one table per network");
            Assert.That(Regex.Matches(details, "<th scope=\"col\">score</th>").Count, Is.EqualTo(3 * 3));
            Assert.That(details, Does.Contain("reach per post").And.Contain("interactions per post").And.Contain("of user posts answered"));
            Assert.That(details, Does.Not.Match(@"\(\d+\)|\[\d"), "no bracketed score or value");
            Assert.That(details, Does.Contain("Share of conversation").And.Contain("Channel score"));
            Assert.That(details, Does.Match(@"\d+(\.\d)? h<|\d+ min<"), "first response in minutes or hours");
        });
    }

    [Test]
    public async Task An_insufficient_value_is_a_distinct_state_with_its_reason()
    {
        var html = await Reader.GetStringAsync($"/reports/compare.html?{Three}&minUserPosts=1000");
        var details = Section(html, "details");
        Assert.Multiple(() =>
        {
            Assert.That(Regex.Matches(details, "<span class=\"state\">insufficient</span><span class=\"reason\">").Count, Is.EqualTo(9), "responsiveness of 3 brands on 3 networks");
            Assert.That(details, Does.Contain("user posts addressed to it; scoring needs 1000"));
            Assert.That(Section(html, "distribution"), Does.Contain("not scored: "));
        });
    }

    [Test]
    public async Task An_empty_window_says_so_and_draws_no_chart()
    {
        var html = await Reader.GetStringAsync("/reports/compare.html?brands=pixel-nord,mile-end-digital&from=2020-01-01&to=2020-02-01");
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("class=\"notice empty-window\"").And.Contain("no posts, answers or user posts in this window"));
            Assert.That(html, Does.Not.Contain("<svg class=\"chart"));
            Assert.That(html, Does.Contain("href=\"/reports/compare.html?brands=pixel-nord%2Cmile-end-digital\""), "a way to the latest data");
        });
    }

    [Test]
    public async Task Download_links_carry_the_page_query_and_the_csv_is_the_api_csv()
    {
        using var browser = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await SignInForm.PostAsync(browser, ReadKey, "/");
        var html = await browser.GetStringAsync($"/reports/compare.html?{Three}&minEffort=2");
        var csvLink = WebUtility.HtmlDecode(Regex.Match(html, "href=\"([^\"]+)\" download>Download CSV").Groups[1].Value);
        var pdfLink = WebUtility.HtmlDecode(Regex.Match(html, "href=\"([^\"]+)\">Download PDF").Groups[1].Value);
        var query = "brands=pixel-nord%2Cmile-end-digital%2Cstudio-saint-laurent&from=2026-10-01&to=2026-11-01&minEffort=2";
        var csv = await browser.GetAsync(csvLink);
        var api = await Reader.GetStringAsync($"/api/v1/reports/compare?{query}&format=csv");
        Assert.Multiple(() =>
        {
            Assert.That(csvLink, Is.EqualTo($"/reports/compare.csv?{query}"));
            Assert.That(pdfLink, Is.EqualTo($"/compare.pdf?{query}"));
            Assert.That(csv.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the signed-in browser downloads it with its cookie");
            Assert.That(csv.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
            Assert.That(csv.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
        });
        Assert.That(await csv.Content.ReadAsStringAsync(), Is.EqualTo(api));
    }

    [Test]
    public async Task Brand_csv_is_the_api_csv_of_the_brand_report()
    {
        var page = await Reader.GetStringAsync($"/reports/brands/pixel-nord.csv?{Window}");
        var api = await Reader.GetStringAsync($"/api/v1/reports/brands/pixel-nord?{Window}&format=csv");
        Assert.That(page, Is.EqualTo(api));
        Assert.That(await Reader.GetStringAsync($"/reports/brands/pixel-nord.html?{Window}"), Does.Contain($"href=\"/reports/brands/pixel-nord.csv?{Window.Replace("&", "&amp;", StringComparison.Ordinal)}\""));
    }

    [Test]
    public async Task Page_links_every_measure_to_its_methodology_section()
    {
        var html = await Reader.GetStringAsync($"/reports/compare.html?{Three}");
        var how = Regex.Match(html, "<details class=\"how.*?</details>", RegexOptions.Singleline).Value;
        Assert.Multiple(() =>
        {
            Assert.That(how, Does.Contain("<summary>How is this computed?</summary>"));
            Assert.That(how, Does.Contain("href=\"/docs/methodology#5-the-kpis\"").And.Contain("href=\"/docs/methodology#6-enough-data-or-no-score\""));
            Assert.That(how, Does.Contain("Share of conversation").And.Contain("Median first response"));
            Assert.That(Regex.Matches(html, "<th scope=\"colgroup\" colspan=\"2\" title=\"[^\"]{20,}\"").Count, Is.EqualTo(9), "a tooltip on every KPI header");
        });
    }

    [Test]
    public async Task Trend_marks_the_partial_first_and_last_weeks_or_leaves_them_out()
    {
        // October 2026: Thursday 1 to Sunday 4 (4 days), then whole ISO weeks, then Monday 26 to Saturday 31 (6 days).
        var marked = Section(await Reader.GetStringAsync($"/reports/brands/pixel-nord.html?{Window}"), "trend");
        var hidden = Section(await Reader.GetStringAsync($"/reports/brands/pixel-nord.html?{Window}&partial=hide"), "trend");
        Assert.Multiple(() =>
        {
            Assert.That(Regex.Matches(marked, "<g class=\"partial-bucket\">").Count, Is.EqualTo(2));
            Assert.That(marked, Does.Contain("partial, 4 d").And.Contain("partial, 6 d"));
            Assert.That(Regex.Matches(marked, "<circle class=\"point partial\"").Count, Is.EqualTo(2));
            Assert.That(Regex.Matches(marked, "<circle class=\"point\"").Count, Is.EqualTo(3));
            Assert.That(hidden, Does.Not.Contain("partial-bucket").And.Not.Contain("point partial"));
            Assert.That(Regex.Matches(hidden, "<circle class=\"point\"").Count, Is.EqualTo(3));
            Assert.That(hidden, Does.Contain("2 partial weeks are left out."));
        });
    }

    [Test]
    public async Task The_pdf_prints_the_partial_weeks_choice_the_reader_made()
    {
        var html = await Reader.GetStringAsync($"/reports/compare.html?{Three}&partial=hide");
        Assert.That(html, Does.Contain("href=\"/compare.pdf?brands=pixel-nord%2Cmile-end-digital%2Cstudio-saint-laurent&amp;from=2026-10-01&amp;to=2026-11-01&amp;partial=hide\""));
        Assert.That(html, Does.Contain("href=\"/reports/compare.csv?brands=pixel-nord%2Cmile-end-digital%2Cstudio-saint-laurent&amp;from=2026-10-01&amp;to=2026-11-01\" download"));
    }

    [Test]
    public async Task An_unknown_partial_choice_is_a_400_naming_it()
    {
        var response = await Reader.GetAsync($"/reports/brands/pixel-nord.html?{Window}&partial=maybe");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("partial"));
    }

    [Test]
    public async Task Distribution_has_a_lane_and_a_value_label_per_brand_on_a_log_scale_for_reach()
    {
        var html = await Reader.GetStringAsync($"/reports/compare.html?{Three}");
        var impact = Regex.Match(html, "<svg class=\"chart distribution\" data-network=\"bluesky\" data-kpi=\"impact\".*?</svg>", RegexOptions.Singleline).Value;
        var responsiveness = Regex.Match(html, "<svg class=\"chart distribution\" data-network=\"bluesky\" data-kpi=\"responsiveness\".*?</svg>", RegexOptions.Singleline).Value;
        Assert.Multiple(() =>
        {
            Assert.That(Regex.Matches(impact, "<g class=\"lane\"").Count, Is.EqualTo(3));
            Assert.That(Regex.Matches(impact, "<text class=\"value\"").Count, Is.EqualTo(3), "every brand's value is written");
            Assert.That(impact, Does.Contain(">10,683<"), "Pixel Nord's reach per post");
            Assert.That(impact, Does.Contain("log scale"));
            Assert.That(responsiveness, Does.Contain("linear scale"));
            Assert.That(impact, Does.Match("<desc id=\"[^\"]+\">11 values in the benchmark set: p10 564"), "a text alternative");
        });
    }

    [Test]
    public async Task Share_of_conversation_is_a_chart_with_a_bar_per_brand_and_network()
    {
        var share = Section(await Reader.GetStringAsync($"/reports/compare.html?{Three}"), "share");
        Assert.That(Regex.Matches(share, "<rect class=\"bar\"").Count, Is.EqualTo(9));
        Assert.That(share, Does.Contain(">51 %<"), "Studio Saint-Laurent on bluesky");
    }

    [Test]
    public async Task Charts_have_a_title_and_a_text_alternative()
    {
        var html = await Reader.GetStringAsync($"/reports/compare.html?{Three}");
        var charts = Regex.Matches(html, "<svg class=\"chart[^>]*>\\s*<title id=\"([^\"]+)\">[^<]+</title>\\s*<desc id=\"([^\"]+)\">[^<]{10,}</desc>");
        Assert.That(charts.Count, Is.EqualTo(Regex.Matches(html, "<svg class=\"chart").Count));
        Assert.That(Regex.Matches(html, "<svg class=\"chart[^>]*role=\"img\" aria-labelledby=\"[^\"]+-t [^\"]+-d\"").Count, Is.EqualTo(charts.Count));
    }

    [Test]
    public async Task A_hostile_brand_name_is_encoded_in_tables_and_charts()
    {
        await Admin.PostAsJsonAsync("/api/v1/brands", new { id = "report-xss", name = "<img src=x onerror=alert(1)> & \"Co\"" });
        var html = await Reader.GetStringAsync($"/reports/compare.html?brands=pixel-nord,report-xss&{Window}");
        Assert.That(html, Does.Not.Contain("<img src=x"));
        Assert.That(html, Does.Contain("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Co&quot;"));
    }

    private static string Section(string html, string id) =>
        Regex.Match(html, $"<section id=\"{id}\".*?</section>", RegexOptions.Singleline).Value;
}
