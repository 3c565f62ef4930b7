using Engagement.Data.Csv;
using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Export;
using Engagement.Data.Store.Import;
using Engagement.Domain.Model;

namespace Engagement.Data.Tests.Store;

public sealed class ExportTests(string provider) : StoreTests(provider)
{
    private static readonly string[] Vectors = ["basic", "edge-cases", "benchmarks"];

    [TestCaseSource(nameof(Vectors))]
    public async Task Import_export_import_into_a_fresh_store_gives_the_same_rows(string vector)
    {
        await using var first = await CreateStoreAsync();
        await using var second = await CreateStoreAsync();
        await new DatasetImporter(first.Factory, new AggregateStore(first.Factory)).ImportAsync([TestStore.Vectors(vector)]);
        var exported = first.TempFolder("export");
        await new DatasetExporter(first.Factory).ExportAsync(exported);

        var report = await new DatasetImporter(second.Factory, new AggregateStore(second.Factory)).ImportAsync([exported]);
        var again = second.TempFolder("export");
        await new DatasetExporter(second.Factory).ExportAsync(again);

        Assert.That(report.HasProblems, Is.False);
        foreach (var table in new[] { "brands", "accounts", "posts", "post_mentions", "followers" })
        {
            Assert.That(await second.CountAsync(table), Is.EqualTo(await first.CountAsync(table)), table);
        }

        foreach (var name in new[] { "brands.csv", "accounts.csv", "posts.csv", "followers.csv" })
        {
            Assert.That(File.ReadAllBytes(Path.Combine(again, name)), Is.EqualTo(File.ReadAllBytes(Path.Combine(exported, name))), name);
        }
    }

    [TestCaseSource(nameof(Vectors))]
    public async Task The_export_holds_the_source_rows_up_to_order_and_normalisation(string vector)
    {
        await using var store = await CreateStoreAsync();
        var source = TestStore.Vectors(vector);
        await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([source]);
        var exported = store.TempFolder("export");

        var report = await new DatasetExporter(store.Factory).ExportAsync(exported);

        // Read back through the canonical readers, which normalise, with the last row of a key kept.
        var expected = DatasetLoader.Load(source);
        var actual = DatasetLoader.Load(exported);
        Assert.That(actual.Brands, Is.EquivalentTo(expected.Brands));
        Assert.That(actual.Accounts, Is.EquivalentTo(expected.Accounts));
        Assert.That(actual.Posts.Select(Text), Is.EquivalentTo(expected.Posts.Select(Text)));
        Assert.That(actual.Followers, Is.EquivalentTo(expected.Followers));
        Assert.That(report.Posts, Is.EqualTo(expected.Posts.Count));
        Assert.That(actual.Posts.Select(p => (p.Network, p.PostId)), Is.Ordered.By("Item1").Then.By("Item2").Using((IComparer<string>)StringComparer.Ordinal));
        Assert.That(File.ReadLines(Path.Combine(exported, "posts.csv")).First(), Is.EqualTo(
            "network,post_id,author,created_at,in_reply_to_post,in_reply_to_author,mentions,likes,shares,quotes,replies,views"));
        Assert.That(Directory.GetFiles(exported).Select(Path.GetFileName), Is.EquivalentTo(new[]
        {
            "brands.csv", "accounts.csv", "posts.csv", "followers.csv",
        }));
    }

    [Test]
    public async Task An_empty_store_exports_four_files_with_headers_only()
    {
        await using var store = await CreateStoreAsync();
        var exported = store.TempFolder("export");

        var report = await new DatasetExporter(store.Factory).ExportAsync(exported);

        Assert.That((report.Brands, report.Accounts, report.Posts, report.Followers), Is.EqualTo((0L, 0L, 0L, 0L)));
        Assert.That(File.ReadAllText(Path.Combine(exported, "brands.csv")), Is.EqualTo("brand,name,industry\n"));
    }

    // Post holds its mentions as a list, which records compare by reference.
    private static string Text(Post post) => post with { Mentions = [] } + "|" + string.Join(";", post.Mentions);
}
