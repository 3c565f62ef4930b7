using System.Net;
using System.Net.Http.Json;
using Engagement.Data.Store;
using Engagement.Data.Store.Export;
using Engagement.Service.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Engagement.Service.Tests.Hardening;

/// <summary>
/// Issue 12, item 6: report CSVs are spreadsheet-safe downloads; the canonical export stays exact.
/// Before, a brand id "-formula" or a handle "=hyperlink(...)" reached the spreadsheet as a formula, served inline.
/// </summary>
public class CsvInjectionTests : ApiFixture
{
    private const string Window = "from=2026-10-01&to=2026-11-01";

    [OneTimeSetUp]
    public async Task AddHostileBrandAsync()
    {
        (await Admin.PostAsJsonAsync("/api/v1/brands", new { id = "-formula", name = "=cmd|' /C calc'!A0" })).EnsureSuccessStatusCode();
        (await Admin.PutAsJsonAsync("/api/v1/brands/-formula/accounts/linkedin", new { handle = "=hyperlink(\"evil\")" })).EnsureSuccessStatusCode();
    }

    [TestCase("/api/v1/reports/compare?brands=-formula,pixel-nord&format=csv&" + Window)]
    [TestCase("/api/v1/reports/brands/-formula?format=csv&" + Window)]
    [TestCase("/api/v1/benchmarks?format=csv&" + Window)]
    [TestCase("/api/v1/reports/brands/-formula/trend?format=csv&" + Window)]
    public async Task Report_csv_neutralises_formula_cells_and_is_an_attachment(string route)
    {
        var response = await Reader.GetAsync(route);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        var cells = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .SelectMany(line => line.Split(','))
            .Select(cell => cell.Trim('"'))
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
            Assert.That(cells, Does.Contain("'-formula"));
            Assert.That(cells.Where(c => c.Length > 0 && !char.IsAsciiDigit(c[0]) && c[0] is '=' or '+' or '@' or '\t' or '\r'), Is.Empty, text);
            Assert.That(cells.Where(c => c.StartsWith('-') && !double.TryParse(c, System.Globalization.CultureInfo.InvariantCulture, out _)), Is.Empty, text);
        });
    }

    [Test]
    public async Task Canonical_export_keeps_the_values_exactly()
    {
        var folder = Path.Combine(Factory.Folder, "export-" + Guid.NewGuid().ToString("N"));
        await new DatasetExporter(Factory.Services.GetRequiredService<IDbConnectionFactory>()).ExportAsync(folder);
        Assert.That(await File.ReadAllTextAsync(Path.Combine(folder, "brands.csv")), Does.Contain("\n-formula,"));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(folder, "accounts.csv")), Does.Contain("-formula,linkedin,\"=hyperlink(\"\"evil\"\")\""));
    }
}
