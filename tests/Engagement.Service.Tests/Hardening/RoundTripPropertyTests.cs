using System.Net.Http.Json;
using CsCheck;
using Engagement.Data.Store;
using Engagement.Data.Store.Export;
using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Import;
using Engagement.Service.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Engagement.Service.Tests.Hardening;

/// <summary>
/// Issue 12, item 4: whatever the API accepts, export then import then export gives the same
/// files. Before, the API stored names and handles (NUL, 140,000 characters, control characters)
/// that the export wrote and the import then refused.
/// </summary>
public class RoundTripPropertyTests : ApiFixture
{
    private static readonly char[] Awkward = "aZ09 ,;\"'@=+-_.\t\r\n\0\u0001\u007f\u0085\u00e9\u6771\ud83c\udf63\ufeff\u200b:/\\".ToCharArray();

    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.String[Gen.OneOf(Awkward), 0, 24],
        Gen.String[Gen.Char['a', 'z'], 1, 12],
        Gen.Int[0, 400].Select(n => new string('n', n)));

    private static readonly Gen<string> Handle = Gen.OneOf(
        Text,
        Gen.Select(Gen.String[Gen.Char['a', 'z'], 1, 10], Gen.String[Gen.Char['a', 'z'], 1, 10], (user, host) => $"@{user}@{host}.example"),
        Gen.Select(Gen.String[Gen.Char['a', 'z'], 1, 10], user => $"{user}.bsky.social"));

    private static readonly Gen<(string Name, string Network, string Handle)[]> Entries =
        Gen.Select(Text, Gen.OneOf("mastodon", "bluesky", "youtube", "x", "linkedin"), Handle).Array[1, 6];

    private int _serial;

    [Test]
    public void Export_import_export_is_the_identity_for_anything_the_api_accepts()
    {
        Entries.Sample(entries =>
        {
            foreach (var (name, network, handle) in entries)
            {
                var id = $"rt-{Interlocked.Increment(ref _serial)}";
                var brand = Admin.PostAsJsonAsync("/api/v1/brands", new { id, name }).GetAwaiter().GetResult();
                if (brand.IsSuccessStatusCode)
                {
                    Admin.PutAsJsonAsync($"/api/v1/brands/{id}/accounts/{network}", new { handle }).GetAwaiter().GetResult();
                }
                else
                {
                    Assert.That((int)brand.StatusCode, Is.EqualTo(400), brand.Content.ReadAsStringAsync().GetAwaiter().GetResult());
                }
            }

            RoundTripAsync().GetAwaiter().GetResult();
        }, iter: 15, threads: 1);
    }

    private async Task RoundTripAsync()
    {
        var root = Path.Combine(Factory.Folder, "round-trip-" + Guid.NewGuid().ToString("N"));
        var first = Path.Combine(root, "first");
        var second = Path.Combine(root, "second");
        await new DatasetExporter(Factory.Services.GetRequiredService<IDbConnectionFactory>()).ExportAsync(first);

        var copy = StoreConnection.Create(Path.Combine(root, "copy.db"));
        await new StoreMigrator(copy).MigrateAsync();
        var report = await new DatasetImporter(copy, new AggregateStore(copy)).ImportAsync([first]);
        Assert.That(report.HasProblems, Is.False, string.Join("\n", report.Files.SelectMany(f => f.Errors).Select(e => e.ToString()).Take(5)));
        await new DatasetExporter(copy).ExportAsync(second);

        foreach (var file in new[] { "brands.csv", "accounts.csv", "posts.csv", "followers.csv" })
        {
            Assert.That(await File.ReadAllBytesAsync(Path.Combine(second, file)), Is.EqualTo(await File.ReadAllBytesAsync(Path.Combine(first, file))), file);
        }
    }
}
