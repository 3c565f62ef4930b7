using Microsoft.Playwright;

namespace Engagement.Service.Tests.Browser;

/// <summary>
/// The README's path end to end: <c>serve --demo</c> as a real process on 127.0.0.1, the compare page
/// opened in headless Chromium through the sign-in form, its charts measured, a screenshot kept,
/// then SIGTERM and a clean exit.
/// </summary>
[NonParallelizable]
public class ComparePageBrowserTests
{
    private static readonly string[] Brands = ["pixel-nord", "mile-end-digital", "studio-saint-laurent"];
    private static readonly string[] Names = ["Pixel Nord", "Mile End Digital", "Studio Saint-Laurent"];
    private static readonly string[] Networks = ["bluesky", "mastodon", "youtube"];

    /// <summary>Where the screenshot and the PDF print of the page are kept.</summary>
    public static string ArtifactFolder => Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");

    [Test]
    public async Task Compare_page_in_chromium_draws_a_bar_per_brand_and_network()
    {
        HeadlessChromium.Require();

        await using var service = await ServeProcess.StartDemoAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 900 } });

        var compare = $"{service.Url}/reports/compare.html?brands={string.Join(',', Brands)}&from=2026-10-01&to=2026-11-01";
        await page.GotoAsync(compare);
        Assert.That(page.Url, Does.Contain("/signin"), "a browser without the cookie is sent to the sign-in form");
        await page.FillAsync("input[name=key]", service.AdminKey);
        await page.ClickAsync("form.signin button[type=submit]");
        await page.WaitForURLAsync("**/reports/compare.html**");

        var bars = page.Locator("svg.channel-scores rect.bar");
        var labels = await page.Locator("svg.channel-scores text.group-label").AllTextContentsAsync();
        var barLabels = await page.Locator("svg.channel-scores text.bar-label").AllTextContentsAsync();
        var chart = await page.Locator("svg.channel-scores").BoundingBoxAsync();
        var tallest = await bars.EvaluateAllAsync<double>("bars => Math.max(...bars.map(b => b.getBoundingClientRect().height))");
        var barCount = await bars.CountAsync();
        var trendLines = await page.Locator("svg.trend g.series").CountAsync();
        var distributions = await page.Locator("svg.distribution").CountAsync();
        Assert.Multiple(() =>
        {
            Assert.That(barCount, Is.EqualTo(Brands.Length * Networks.Length));
            Assert.That(labels, Is.EqualTo(Networks));
            Assert.That(barLabels.Distinct(), Is.EqualTo(Names), "bars are labelled with the brands' names");
            Assert.That(chart?.Width, Is.GreaterThan(200), "the chart is laid out");
            Assert.That(tallest, Is.GreaterThan(20), "bars are drawn with a height");
            Assert.That(trendLines, Is.EqualTo(Brands.Length));
            Assert.That(distributions, Is.EqualTo(Networks.Length * 3), "a chart per network and KPI");
        });

        Directory.CreateDirectory(ArtifactFolder);
        var screenshot = Path.Combine(ArtifactFolder, "compare-page.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        await page.PdfAsync(new PagePdfOptions { Path = Path.Combine(ArtifactFolder, "compare-page.pdf"), Format = "A4", PrintBackground = true });
        TestContext.AddTestAttachment(screenshot, "the compare page in headless Chromium");
        Assert.That(new FileInfo(screenshot).Length, Is.GreaterThan(10_000));

        Assert.That(await service.StopAsync(), Is.Zero, string.Join('\n', service.Output));
        Assert.That(File.Exists(service.StorePath), Is.False, "the demo's temporary store is removed on exit");
    }
}
