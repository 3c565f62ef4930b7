using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Engagement.Collectors.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Engagement.Service.Tests.Browser;

/// <summary>
/// What a marketer does, in headless Chromium against <c>serve --demo</c>: sign in, add a brand
/// with two accounts (one looked up and collected on a fake Mastodon instance served over
/// Kestrel, one on a network without credentials), follow its first collection, pick competitors
/// into a peer set, compare, download the CSV and print to PDF. Then every page of the app at
/// 1280 and 390 px: axe-core finds no serious or critical violation and nothing scrolls sideways.
/// Screenshots of every page at both widths go to the test output (screenshots/).
/// </summary>
[NonParallelizable]
public sealed class WholeFlowBrowserTests
{
    private static readonly int[] Widths = [1280, 390];

    private FakeApi _mastodon = null!;
    private ServeProcess _service = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private string _session = "";

    private static string Artifacts => ComparePageBrowserTests.ArtifactFolder;

    /// <summary>The pages of the web app this suite owns (the report pages are ReportPagesBrowserTests').</summary>
    public static IEnumerable<TestCaseData> AppPages() =>
    [
        new TestCaseData("dashboard", "/?from=2026-10-01&to=2026-11-01"),
        new TestCaseData("dashboard-search", "/?q=conseil&from=2026-10-01&to=2026-11-01"),
        new TestCaseData("brand-new", "/brands/new"),
        new TestCaseData("brand-new-errors", "/brands/new#errors"),
        new TestCaseData("brand-edit", "/brands/pixel-nord/edit"),
        new TestCaseData("brand-collection", "/brands/pixel-nord/collection"),
        new TestCaseData("peer-set-new", "/peer-sets/new?brand=pixel-nord&q=e"),
        new TestCaseData("collectors", "/collectors"),
    ];

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        HeadlessChromium.Require();

        Directory.CreateDirectory(Artifacts);
        _mastodon = (await FakeApi.StartAsync(TimeProvider.System)).ServeMastodonAcme(TimeProvider.System);
        _service = await ServeProcess.StartDemoAsync(new Dictionary<string, string>
        {
            // The instance is the fake; the collectors may reach loopback only for it.
            ["Collectors__Mastodon__BaseUrl"] = _mastodon.Root.ToString(),
            ["Collectors__Outbound__AllowedRanges__0"] = "127.0.0.0/8",
        });
        _playwright = await Playwright.CreateAsync();
        _browser = await HeadlessChromium.LaunchAsync(_playwright);
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

        if (_mastodon is not null)
        {
            await _mastodon.DisposeAsync();
        }
    }

    [Test, Order(1)]
    public async Task Marketer_signs_in_adds_a_brand_picks_competitors_compares_downloads_and_prints()
    {
        await using var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();

        // Sign in: the dashboard is home.
        await page.GotoAsync(_service.Url + "/");
        Assert.That(page.Url, Does.Contain("/signin"));
        await page.FillAsync("#key", _service.AdminKey);
        await page.ClickAsync("form.signin button[type=submit]");
        await page.WaitForURLAsync($"{_service.Url}/");
        Assert.That(await page.Locator("table.dashboard tbody tr").CountAsync(), Is.EqualTo(12), "the demo's 12 brands, ranked");
        _session = await context.StorageStateAsync();
        await ShotAsync(page, "flow-1-dashboard");

        // Add a brand with two accounts; a page of X is refused next to its field first.
        await page.ClickAsync("a.button:has-text('Add a brand')");
        await page.FillAsync("#name", "Acme Café");
        await page.FillAsync("#account0", "https://social.example/@acme");
        await page.FillAsync("#account1", "https://x.com/home");
        await page.ClickAsync("form.brand-form button[type=submit]");
        var error = page.Locator("#account1-error");
        Assert.Multiple(async () =>
        {
            Assert.That(await error.TextContentAsync(), Does.Contain("not a profile"));
            Assert.That(await page.GetAttributeAsync("#account1", "aria-describedby"), Does.Contain("account1-error"));
            Assert.That(await page.InputValueAsync("#account0"), Is.EqualTo("https://social.example/@acme"), "what was typed is kept");
        });
        await ShotAsync(page, "flow-2-brand-form-errors");
        await page.FillAsync("#account1", "https://www.instagram.com/acme.cafe/");
        await page.ClickAsync("form.brand-form button[type=submit]");
        await page.WaitForURLAsync("**/brands/acme-cafe/collection");

        // The first collection run: Mastodon is collected from the fake at once; Instagram has no credentials.
        var collected = page.Locator("table.collection td:has-text('collected')");
        for (var attempt = 0; attempt < 30 && await collected.CountAsync() == 0; attempt++)
        {
            await page.WaitForTimeoutAsync(1000);
            await page.ReloadAsync();
        }

        Assert.That(await collected.CountAsync(), Is.EqualTo(1), await page.Locator("main").InnerTextAsync());
        Assert.That(await page.Locator("progress#first-run").GetAttributeAsync("value"), Is.EqualTo("1"));
        Assert.That(_mastodon.Requests.Count(r => r.Path == MastodonFake.Lookup), Is.GreaterThanOrEqualTo(2), "looked up by the form, then by the run");
        await ShotAsync(page, "flow-3-collection");

        // Competitors into a peer set: picks survive a second search.
        await page.ClickAsync("a.button:has-text('Pick competitors')");
        await page.FillAsync("#q", "pixel");
        await page.ClickAsync("form.search button[type=submit]");
        await page.CheckAsync("input[name=brands][value=pixel-nord]");
        await page.FillAsync("#name", "acme-rivals");
        await page.ClickAsync("form.peer-set-form button[type=submit]");
        await page.WaitForURLAsync("**/reports/compare.html**");
        Assert.That(page.Url, Does.Contain("benchmark=peers%3Aacme-rivals"));
        Assert.That(await page.Locator("h1").InnerTextAsync(), Does.Contain("Acme Café").And.Contain("Pixel Nord"));
        await ShotAsync(page, "flow-4-compare");

        // The CSV download: the comparison's rows, the new brand's among them.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("a:has-text('Download CSV')"));
        var csv = Path.Combine(Artifacts, "flow-compare.csv");
        await download.SaveAsAsync(csv);
        var lines = await File.ReadAllLinesAsync(csv);
        Assert.That(lines.Skip(1).Select(l => l.Split(',')[0]), Is.SupersetOf(new[] { "acme-cafe", "pixel-nord" }));

        // Print to PDF: the names are in the printed text.
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        var pdf = Path.Combine(Artifacts, "flow-compare.pdf");
        await page.PdfAsync(new PagePdfOptions { Path = pdf, Format = "A4", PrintBackground = true, PreferCSSPageSize = true });
        var text = Regex.Replace(ReportPagesBrowserTests.PdfText(pdf), @"\s+", " ");
        Assert.That(text, Does.Contain("Acme Café").And.Contain("Pixel Nord"));
        TestContext.AddTestAttachment(pdf, "the comparison with the new brand, printed");
    }

    [TestCaseSource(nameof(AppPages)), Order(2)]
    public async Task App_page_has_no_serious_accessibility_violation_and_fits_at_1280_and_390_px(string name, string path)
    {
        foreach (var width in Widths)
        {
            await using var context = await _browser.NewContextAsync(new BrowserNewContextOptions
            {
                ViewportSize = new ViewportSize { Width = width, Height = 900 },
                StorageState = await SessionAsync(),
            });
            var page = await context.NewPageAsync();
            var response = await page.GotoAsync(_service.Url + path);
            Assert.That(response?.Status, Is.EqualTo(200), path);
            if (name == "brand-new-errors")
            {
                await page.FillAsync("#name", "");
                await page.FillAsync("#account0", "https://www.youtube.com/c/Legacy");
                await page.EvaluateAsync("() => document.querySelector('#name').removeAttribute('required')");
                await page.ClickAsync("form.brand-form button[type=submit]");
                Assert.That(await page.Locator(".field-error").CountAsync(), Is.EqualTo(2), "name and account 1");
            }

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

    // A session of its own when the flow did not run first (a filtered run).
    private async Task<string> SessionAsync()
    {
        if (_session.Length == 0)
        {
            _session = await HeadlessChromium.SessionAsync(_browser, _service.Url, _service.AdminKey);
        }

        return _session;
    }

    private static async Task ShotAsync(IPage page, string name)
    {
        foreach (var width in Widths)
        {
            await page.SetViewportSizeAsync(width, 900);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, $"{name}-{width}.png"), FullPage = true });
        }

        await page.SetViewportSizeAsync(1280, 900);
    }
}
