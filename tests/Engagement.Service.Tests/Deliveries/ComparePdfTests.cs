using System.Diagnostics;
using System.Net;
using Engagement.Service.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Engagement.Service.Tests.Deliveries;

/// <summary>
/// <c>GET /compare.pdf</c>: the compare page printed by headless Chromium. The PDF is read back
/// with poppler's pdftotext (no column of the widest table cut off, a page per section) and its
/// first page is kept as a PNG (pdftoppm) in the tests' output folder.
/// </summary>
[NonParallelizable]
public class ComparePdfTests : ApiFixture
{
    private const string Query = "brands=pixel-nord,mile-end-digital,studio-saint-laurent&from=2026-10-01&to=2026-11-01";

    /// <summary>Where the PDF and its first page as PNG are kept.</summary>
    public static string ArtifactFolder => Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");

    [Test]
    public async Task The_compare_page_prints_to_an_a4_pdf_with_every_column_and_a_page_per_section()
    {
        RequireTools();
        using var response = await Admin.GetAsync($"/compare.pdf?{Query}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
        Directory.CreateDirectory(ArtifactFolder);
        var pdf = Path.Combine(ArtifactFolder, "compare-report.pdf");
        await File.WriteAllBytesAsync(pdf, await response.Content.ReadAsByteArrayAsync());

        var info = await RunAsync("pdfinfo", pdf);
        var pages = (await RunAsync("pdftotext", "-layout", pdf, "-")).Split('\f').Where(p => p.Trim().Length > 0).ToList();
        var kpiPages = pages.SkipWhile(p => !p.TrimStart().StartsWith("Every KPI", StringComparison.Ordinal)).ToList();
        var kpiText = string.Join('\n', kpiPages);
        // The share of conversation is the table's last column: a row that kept it ends with a percentage.
        var rowsWithLastColumn = kpiText.Split('\n').Count(line => line.Contains(".bsky.social", StringComparison.Ordinal) || line.Contains("@mastodon", StringComparison.Ordinal) || line.Contains("youtube", StringComparison.Ordinal) ? line.TrimEnd().EndsWith('%') : false);
        Assert.Multiple(() =>
        {
            Assert.That(info, Does.Match(@"Page size:\s+59[56](\.\d+)? x 84[12](\.\d+)? pts \(A4\)"));
            foreach (var column in new[] { "brand", "network", "handle", "posts", "answers", "user", "impact", "engagement", "responsiveness", "channel", "share", "conv." })
            {
                Assert.That(kpiText, Does.Contain(column), $"the widest table's column '{column}' is on the page");
            }

            Assert.That(rowsWithLastColumn, Is.EqualTo(9), "each brand x network row keeps its last column");
            Assert.That(pages.Count(p => p.TrimStart().StartsWith("Every KPI", StringComparison.Ordinal)), Is.EqualTo(1), "the KPI table starts a page");
            Assert.That(pages, Has.Count.GreaterThanOrEqualTo(5), "a page per section");
            foreach (var handle in new[] { "pixel-nord", "mile-end-digital", "studio-saint-laurent" })
            {
                Assert.That(string.Concat(pages), Does.Contain(handle));
            }
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

    private static void RequireTools()
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

    private static async Task<string> RunAsync(string tool, params string[] arguments)
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
