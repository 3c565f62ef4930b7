using System.Diagnostics;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Engagement.Service.Tests.Browser;

/// <summary>
/// The report pages in headless Chromium against <c>serve --demo</c> (12 brands): axe-core finds no
/// serious or critical violation, nothing overflows sideways at 390 px, the 12-brand comparison
/// fits at 1280 px and prints to A4 with every column and no page holding only the footer.
/// Screenshots at 1280 and 390 px, and the PDF, are kept in the test output (screenshots/).
/// </summary>
[NonParallelizable]
public partial class ReportPagesBrowserTests
{
    private const string Window = "from=2026-10-01&to=2026-11-01";
    private static readonly string[] Twelve =
    [
        "pixel-nord", "mile-end-digital", "studio-saint-laurent", "griffintown-growth", "hochelaga-conseil", "lachine-labs",
        "marie-tremblay-conseil", "outremont-media", "plateau-pixels", "rosemont-ux", "verdun-web", "villeray-social",
    ];

    private ServeProcess _service = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private string _cookies = "";

    /// <summary>The pages this suite owns, by the name their screenshots carry.</summary>
    public static IEnumerable<TestCaseData> Pages() =>
    [
        new TestCaseData("signin", "/signin", false),
        new TestCaseData("compare-3", $"/reports/compare.html?brands=pixel-nord,mile-end-digital,studio-saint-laurent&{Window}", true),
        new TestCaseData("compare-12", $"/reports/compare.html?brands={string.Join(',', Twelve)}&{Window}", true),
        new TestCaseData("compare-empty", "/reports/compare.html?brands=pixel-nord,verdun-web&from=2020-01-01&to=2020-02-01", true),
        new TestCaseData("brand", $"/reports/brands/pixel-nord.html?{Window}", true),
        new TestCaseData("brand-no-partial", $"/reports/brands/studio-saint-laurent.html?{Window}&partial=hide&minUserPosts=200", true),
        new TestCaseData("methodology", "/docs/methodology", true),
        new TestCaseData("no-report", "/reports/brands/ghost.html", true),
    ];

    private static string Artifacts => ComparePageBrowserTests.ArtifactFolder;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        HeadlessChromium.Require();

        Directory.CreateDirectory(Artifacts);
        _service = await ServeProcess.StartDemoAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await HeadlessChromium.LaunchAsync(_playwright);

        // Sign in once through the form; every page then opens with the session cookie.
        _cookies = await HeadlessChromium.SessionAsync(_browser, _service.Url, _service.AdminKey);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
    }

    [TestCaseSource(nameof(Pages))]
    public async Task Page_has_no_serious_accessibility_violation_and_fits_at_1280_and_390_px(string name, string path, bool signedIn)
    {
        foreach (var width in new[] { 1280, 390 })
        {
            await using var context = await ContextAsync(width, signedIn);
            var page = await context.NewPageAsync();
            var response = await page.GotoAsync(_service.Url + path);
            Assert.That(response?.Status, Is.LessThan(500), path);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, $"{name}-{width}.png"), FullPage = true });

            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.That(overflow, Is.LessThanOrEqualTo(0), $"{name} at {width} px scrolls sideways by {overflow} px");

            var axe = await page.RunAxe();
            var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")
                .ToList();
            Assert.That(serious, Is.Empty, $"{name} at {width} px");
        }
    }

    [Test]
    public async Task Twelve_brand_compare_at_1280_px_shows_every_column()
    {
        await using var context = await ContextAsync(1280, signedIn: true);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{_service.Url}/reports/compare.html?brands={string.Join(',', Twelve)}&{Window}");
        var hidden = await page.EvaluateAsync<int[]>("() => [...document.querySelectorAll('.table-wrap')].map(w => w.scrollWidth - w.clientWidth)");
        var rows = await page.Locator("#details table.kpi-table tbody tr").CountAsync();
        var lanes = await page.Locator("svg.distribution g.lane").CountAsync();
        Assert.Multiple(() =>
        {
            Assert.That(hidden, Has.All.LessThanOrEqualTo(0), "no table needs scrolling at 1280 px");
            // The demo's 12 brands hold 31 accounts: 11 on bluesky, 11 on mastodon, 9 on youtube.
            Assert.That(rows, Is.EqualTo(31));
            Assert.That(lanes, Is.EqualTo(31 * 3), "a lane per account in each network's three charts");
        });
    }

    [Test]
    public async Task Twelve_brand_compare_prints_to_A4_without_cut_off_content()
    {
        await using var context = await ContextAsync(1280, signedIn: true);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{_service.Url}/reports/compare.html?brands={string.Join(',', Twelve)}&{Window}");

        // As printed: A4's printable width (21 cm - 2 x 1 cm margins at 96 dpi), print styles on.
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await page.SetViewportSizeAsync(718, 1000);
        var cut = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth - window.innerWidth, ...[...document.querySelectorAll('.table-wrap')].map(w => w.scrollWidth - w.clientWidth)]");
        Assert.That(cut, Has.All.LessThanOrEqualTo(0), "nothing is wider than the printed page");

        var pdf = Path.Combine(Artifacts, "compare-12.pdf");
        await page.PdfAsync(new PagePdfOptions { Path = pdf, Format = "A4", PrintBackground = true, PreferCSSPageSize = true });
        var pages = PageCount(pdf);
        var texts = Enumerable.Range(1, pages).Select(p => PdfText(pdf, p)).ToList();
        var all = Regex.Replace(string.Join(' ', texts), @"\s+", " ");
        Assert.Multiple(() =>
        {
            Assert.That(pages, Is.InRange(2, 14));
            for (var p = 0; p < pages; p++)
            {
                // A page left nearly empty (a lone heading, or only the footer) has a few lines of text at most.
                var lines = texts[p].Split('\n').Count(l => l.Trim().Length > 0);
                Assert.That(lines, Is.GreaterThanOrEqualTo(p == pages - 1 ? 4 : 12), $"page {p + 1} of {pages} is nearly empty:\n{texts[p]}");
            }

            Assert.That(Regex.Matches(all, "Every KPI on (bluesky|mastodon|youtube)").Count, Is.EqualTo(3));
            Assert.That(Regex.Matches(all, "Share of conversation").Count, Is.GreaterThanOrEqualTo(3 + 1), "the last column of every table, and the chart");
            Assert.That(Regex.Matches(all, "Channel score").Count, Is.GreaterThanOrEqualTo(3));
            foreach (var name in new[] { "Pixel Nord", "Villeray Social", "Marie Tremblay, conseil", "Griffintown Growth" })
            {
                Assert.That(all, Does.Contain(name));
            }

            Assert.That(all, Does.Not.Contain("Download CSV").And.Not.Contain("Sign out"), "controls are not printed");
        });
        TestContext.AddTestAttachment(pdf, "the 12-brand comparison printed to A4");
    }

    private async Task<IBrowserContext> ContextAsync(int width, bool signedIn) => await _browser.NewContextAsync(new BrowserNewContextOptions
    {
        ViewportSize = new ViewportSize { Width = width, Height = 900 },
        StorageState = signedIn ? _cookies : null,
    });

    private static int PageCount(string pdf)
    {
        var info = Run("pdfinfo", pdf);
        return int.Parse(Regex.Match(info, @"Pages:\s+(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string PdfText(string pdf, int page) => Run("pdftotext", "-f", $"{page}", "-l", $"{page}", "-raw", pdf, "-");

    /// <summary>The whole printed text of a PDF (poppler's pdftotext).</summary>
    internal static string PdfText(string pdf) => Run("pdftotext", "-raw", pdf, "-");

    private static string Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start (poppler-utils)");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
