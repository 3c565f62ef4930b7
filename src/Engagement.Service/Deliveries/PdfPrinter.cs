using Engagement.Service.Pages;
using Engagement.Service.Pages.Layout;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace Engagement.Service.Deliveries;

/// <summary>PDF printing cannot run here (no Chromium at the configured path, or it would not start): a 503, not a bug.</summary>
public sealed class PdfUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Prints our own report pages to PDF with headless Chromium (through Playwright): A4 with the
/// pages' own print styles (page breaks, rows and figures kept together), and the page scaled down
/// when a table is wider than the paper so no column is cut off. The page is given as HTML and
/// printed offline: the only request it may make is for the site's stylesheet, answered from
/// memory; anything else is refused.
/// One browser is started on first use and shared; each print gets its own context.
/// </summary>
public sealed class PdfPrinter(IOptions<PdfOptions> options, ILogger<PdfPrinter> log) : IAsyncDisposable
{
    /// <summary>The page's origin while printing (never resolved: every request is answered or refused here).</summary>
    private const string Origin = "http://engagement.invalid";

    // A4 is 210 mm wide; less 2 x 10 mm margins, 190 mm = 718 CSS px at 96 px per inch.
    private const int PrintableWidth = 718;

    private readonly SemaphoreSlim _gate = new(1, 1);

    // Printing is CPU-heavy: a few at a time, whoever asks (the PDF route, scheduled runs).
    private readonly SemaphoreSlim _prints = new(options.Value.MaxConcurrentPrints, options.Value.MaxConcurrentPrints);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The PDF of <paramref name="html"/>, a page of this service.</summary>
    public async Task<byte[]> PrintAsync(string html, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(html);
        await _prints.WaitAsync(ct);
        try
        {
            return await PrintOneAsync(html, ct);
        }
        finally
        {
            _prints.Release();
        }
    }

    private async Task<byte[]> PrintOneAsync(string html, CancellationToken ct)
    {
        var browser = await BrowserAsync(ct);
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = PrintableWidth, Height = 1000 },
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout((float)options.Value.Timeout.TotalMilliseconds);
        await page.RouteAsync("**/*", route => Answer(route, html));
        await page.GotoAsync(Origin + Links.ComparePath, new PageGotoOptions { WaitUntil = WaitUntilState.Load }).WaitAsync(ct);
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        var width = await page.EvaluateAsync<int>("() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)");
        // Chromium accepts a scale of 0.1 to 2; below 0.5 text is no longer readable on paper.
        var scale = width > PrintableWidth ? Math.Max(0.5f, (float)PrintableWidth / width) : 1f;
        return await page.PdfAsync(new PagePdfOptions
        {
            Format = "A4",
            PrintBackground = true,
            Scale = scale,
            Margin = new Margin { Top = "12mm", Bottom = "12mm", Left = "10mm", Right = "10mm" },
        }).WaitAsync(options.Value.Timeout, ct);
    }

    private static Task Answer(IRoute route, string html)
    {
        var url = new Uri(route.Request.Url);
        if (url.GetLeftPart(UriPartial.Authority) != Origin)
        {
            return route.AbortAsync("blockedbyclient");
        }

        return url.AbsolutePath switch
        {
            Links.ComparePath => route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/html; charset=utf-8", Body = html }),
            SiteStyles.Path => route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/css; charset=utf-8", Body = SiteStyles.Css }),
            _ => route.AbortAsync("blockedbyclient"),
        };
    }

    private async Task<IBrowser> BrowserAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_browser is { IsConnected: true } running)
            {
                return running;
            }

            var path = options.Value.ChromiumPath;
            if (!File.Exists(path))
            {
                throw new PdfUnavailableException($"PDF printing is unavailable: no Chromium at {path} (install Debian's chromium package, or set Pdf:ChromiumPath)");
            }

            try
            {
                _playwright ??= await Playwright.CreateAsync();
                _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = path,
                    Headless = true,
                    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
                });
                return _browser;
            }
            catch (PlaywrightException e)
            {
                log.LogError(e, "Chromium at {Path} did not start", path);
                throw new PdfUnavailableException($"PDF printing is unavailable: Chromium at {path} did not start (the cause has been logged)", e);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        _gate.Dispose();
        _prints.Dispose();
    }
}
