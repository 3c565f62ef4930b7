using Microsoft.Playwright;

namespace Engagement.Service.Tests.Browser;

/// <summary>Debian's Chromium driven by Playwright, as every browser test launches it.</summary>
public static class HeadlessChromium
{
    public const string Path = "/usr/bin/chromium";

    /// <summary>Fails on CI when Chromium is missing (it must be installed there); elsewhere the test is ignored.</summary>
    public static void Require()
    {
        if (File.Exists(Path))
        {
            return;
        }

        var reason = $"{Path} is missing: install Debian's chromium package (apt-get install -y chromium)";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(reason);
        }

        Assert.Ignore(reason);
    }

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Path,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });

    /// <summary>Signs in through the form once and returns the session (its cookie) for new contexts.</summary>
    public static async Task<string> SessionAsync(IBrowser browser, string serviceUrl, string key)
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{serviceUrl}/signin");
        await page.FillAsync("#key", key);
        await page.ClickAsync("form.signin button[type=submit]");
        await page.WaitForURLAsync($"{serviceUrl}/");
        return await context.StorageStateAsync();
    }
}
