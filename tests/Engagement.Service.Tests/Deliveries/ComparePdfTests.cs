using System.Diagnostics;
using System.Net;
using Engagement.Service.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Engagement.Service.Tests.Deliveries;

/// <summary>
/// <c>GET /compare.pdf</c>: the compare page printed by headless Chromium. The PDF is read back
/// with poppler's pdftotext (A4, no column of the widest tables cut off) and its
/// first page is kept as a PNG (pdftoppm) in the tests' output folder.
/// </summary>
[NonParallelizable]
public class ComparePdfTests : ApiFixture
{
    private const string Query = "brands=pixel-nord,mile-end-digital,studio-saint-laurent&from=2026-10-01&to=2026-11-01";

    // The brands' names as the page prints them at the start of their rows.
    private static readonly string[] Brands = ["Pixel Nord", "Mile End", "Studio"];

    /// <summary>Where the PDF and its first page as PNG are kept.</summary>
    public static string ArtifactFolder => Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");

    [Test]
    public async Task The_compare_page_prints_to_an_a4_pdf_with_every_column_of_its_widest_tables()
    {
        RequireTools();
        using var response = await Admin.GetAsync($"/compare.pdf?{Query}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
        Directory.CreateDirectory(ArtifactFolder);
        var pdf = Path.Combine(ArtifactFolder, "compare-report.pdf");
        await File.WriteAllBytesAsync(pdf, await response.Content.ReadAsByteArrayAsync());

        var info = await RunAsync("pdfinfo", pdf);
        var text = await RunAsync("pdftotext", "-layout", pdf, "-");
        var pages = text.Split('\f').Where(p => p.Trim().Length > 0).ToList();
        // The widest tables: every KPI per network. Share of conversation is their last column, so a
        // brand's row that kept it ends with a percentage.
        var kpis = text[text.IndexOf("Every KPI on", StringComparison.Ordinal)..];
        var rows = kpis.Split('\n').Where(line => Brands.Any(b => line.StartsWith(b, StringComparison.Ordinal)) && line.Any(char.IsDigit)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(info, Does.Match(@"Page size:\s+59[56](\.\d+)? x 84[12](\.\d+)? pts \(A4\)"));
            Assert.That(pages, Has.Count.GreaterThanOrEqualTo(3), "the report spans pages, not one long strip");
            foreach (var network in new[] { "bluesky", "mastodon", "youtube" })
            {
                Assert.That(kpis, Does.Contain($"Every KPI on {network}"));
            }

            foreach (var column in new[] { "Brand", "Posts", "Answers", "User", "Impact", "Engagement", "Responsiveness", "Median", "Channel", "Share of" })
            {
                Assert.That(kpis, Does.Contain(column), $"the widest tables' column '{column}' is on the page");
            }

            Assert.That(rows, Has.Count.EqualTo(9), "a row per brand x network");
            Assert.That(rows.Where(row => !row.TrimEnd().EndsWith('%')), Is.Empty, "each row keeps its last column (share of conversation)");
        });

        await RunAsync("pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", pdf, Path.Combine(ArtifactFolder, "compare-report-page-1"));
        var png = Path.Combine(ArtifactFolder, "compare-report-page-1.png");
        TestContext.AddTestAttachment(png, "the first page of the compare report PDF");
        Assert.That(new FileInfo(png).Length, Is.GreaterThan(10_000));
    }

    [Test]
    public async Task Without_brands_the_pdf_is_a_400_naming_brands_and_without_a_key_a_redirect_to_sign_in()
    {
        await Problems.AssertInvalidAsync(await Admin.GetAsync("/compare.pdf?from=2026-10-01"), "brands");
        await Problems.AssertAsync(await Admin.GetAsync("/compare.pdf?brands=no-such-brand"), HttpStatusCode.NotFound);
        using var anonymous = await Anonymous.GetAsync($"/compare.pdf?{Query}");
        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task Without_chromium_the_pdf_is_a_503_problem_saying_so()
    {
        using var factory = new EngagementFactory(settings: new Dictionary<string, string> { ["Pdf:ChromiumPath"] = "/nonexistent/chromium" });
        await SeedAsync(factory.Services);
        var keys = factory.Services.GetRequiredService<Engagement.Data.Store.Repositories.ApiKeyRepository>();
        var secret = Engagement.Service.Security.ApiKeySecrets.Generate();
        await keys.InsertAsync("pdf-admin", Engagement.Data.Store.Repositories.ApiKeyGrant.Admin, Engagement.Service.Security.ApiKeySecrets.Hash(secret));
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        var problem = await Problems.AssertAsync(await client.GetAsync($"/compare.pdf?{Query}"), HttpStatusCode.ServiceUnavailable);
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("type").GetString(), Does.EndWith("/pdf-unavailable"));
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("/nonexistent/chromium").And.Contain("Pdf:ChromiumPath"));
        });
    }

    internal static void RequireTools()
    {
        foreach (var tool in new[] { "/usr/bin/chromium", "/usr/bin/pdftotext", "/usr/bin/pdftoppm" })
        {
            if (!File.Exists(tool))
            {
                var reason = $"{tool} is missing: .ci/run installs Debian's chromium and poppler-utils";
                if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                {
                    Assert.Fail(reason);
                }

                Assert.Ignore(reason);
            }
        }
    }

    internal static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, $"{tool}: {error}");
        return output;
    }
}
