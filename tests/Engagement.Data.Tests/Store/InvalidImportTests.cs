using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Import;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;

namespace Engagement.Data.Tests.Store;

public sealed class InvalidImportTests(string provider) : StoreTests(provider)
{
    private static readonly string[] RowCases =
        ["negative-likes", "bad-timestamp", "unknown-brand", "bad-values", "wrong-field-count", "account-conflict"];

    private static readonly string[] FileCases = ["missing-column", "binary-file", "unterminated-quote"];

    [TestCaseSource(nameof(RowCases))]
    public async Task Rejected_rows_are_listed_with_file_line_and_column_and_the_valid_rows_are_stored(string name)
    {
        await using var store = await CreateStoreAsync();
        var folder = TestStore.Vectors("invalid", name);

        var report = await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([folder]);

        var expected = File.ReadAllLines(Path.Combine(folder, "stderr-lenient.txt"))
            .Where(line => line.Length > 0)
            .Select(line => line.Split(':', 4))
            .Select(parts => (File: parts[0], Line: int.Parse(parts[1]), Column: parts[2].Trim()["column ".Length..]))
            .ToList();
        var errors = report.Files.SelectMany(f => f.Errors).Select(e => (e.File, e.Line, e.Column)).ToList();
        Assert.That(errors, Is.EquivalentTo(expected));
        Assert.That(report.Files.Any(f => f.IsFileRejected), Is.False);
        foreach (var file in report.Files)
        {
            // Every data row is accounted for: stored, or rejected (these files repeat no key).
            Assert.That(file.Stored + file.Rejected, Is.EqualTo(DataRows(file.Path)), file.Path);
            Assert.That(file.Rejected, Is.EqualTo(expected.Where(e => e.File == Path.GetFileName(file.Path)).Select(e => e.Line).Distinct().Count()));
        }

        var posts = report.Files.Single(f => f.Kind == DatasetFileKind.Posts);
        Assert.That(await store.CountAsync("posts"), Is.EqualTo(posts.Stored));
    }

    [TestCaseSource(nameof(FileCases))]
    public async Task A_file_rejected_as_a_whole_stores_nothing_and_the_other_files_are_imported(string name)
    {
        await using var store = await CreateStoreAsync();

        var report = await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([TestStore.Vectors("invalid", name)]);

        var posts = report.Files.Single(f => f.Kind == DatasetFileKind.Posts);
        Assert.That(posts.FileRejection, Is.Not.Null.And.Not.Empty);
        Assert.That((posts.Stored, posts.Rejected), Is.EqualTo((0L, 0L)));
        Assert.That(await store.CountAsync("posts"), Is.Zero);
        Assert.That(await store.CountAsync("post_mentions"), Is.Zero);
        Assert.That(await store.CountAsync("brands"), Is.EqualTo(2));
        Assert.That(await store.CountAsync("accounts"), Is.EqualTo(2));
        Assert.That(await store.CountAsync("followers"), Is.EqualTo(2));
        Assert.That(report.Files.Where(f => f.Kind != DatasetFileKind.Posts).Select(f => f.IsFileRejected), Is.All.False);
    }

    [Test]
    public async Task The_missing_column_is_named_in_the_rejection()
    {
        await using var store = await CreateStoreAsync();

        var report = await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([TestStore.Vectors("invalid", "missing-column")]);

        Assert.That(report.Files.Single(f => f.Kind == DatasetFileKind.Posts).FileRejection, Does.Contain("created_at"));
    }

    [Test]
    public async Task An_account_conflicting_with_a_stored_account_is_rejected()
    {
        await using var store = await CreateStoreAsync();
        await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([TestStore.Vectors("basic")]);
        var path = Path.Combine(store.TempFolder("conflict"), "accounts.csv");
        await File.WriteAllTextAsync(path, """
            brand,network,handle
            bolt,mastodon,@ACME@social.example
            acme,mastodon,acme2@social.example
            acme,mastodon,ACME@social.example
            """);

        var report = await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([path]);

        var file = report.Files.Single();
        Assert.That(file.Errors.Select(e => (e.Line, e.Column)), Is.EqualTo(new[] { (2, "handle"), (3, "network") }));
        Assert.That(file.Errors[0].Reason, Does.Contain("already belongs to brand 'acme'"));
        Assert.That((file.Stored, file.Unchanged, file.Rejected), Is.EqualTo((0L, 1L, 2L)));
        var accounts = await new AccountRepository(store.Factory).ListAsync("acme");
        Assert.That(accounts.Single(a => a.Network == "mastodon").Handle, Is.EqualTo("acme@social.example"));
    }

    [Test]
    public async Task An_account_may_name_a_brand_stored_by_an_earlier_import()
    {
        await using var store = await CreateStoreAsync();
        await new BrandRepository(store.Factory).UpsertAsync(new Brand("zeta", "Zeta", null));
        var path = Path.Combine(store.TempFolder("accounts"), "accounts.csv");
        await File.WriteAllTextAsync(path, "brand,network,handle\nzeta,bluesky,zeta.bsky.social\nomega,bluesky,omega.bsky.social\n");

        var report = await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([path]);

        var file = report.Files.Single();
        Assert.That(file.Stored, Is.EqualTo(1));
        Assert.That(file.Errors.Select(e => (e.Line, e.Column)), Is.EqualTo(new[] { (3, "brand") }));
    }

    [Test]
    public void A_path_that_does_not_exist_or_is_not_a_canonical_file_is_refused_before_importing()
    {
        Assert.That(() => DatasetFiles.Resolve(["/no/such/folder"]), Throws.InstanceOf<DomainException>());
        var readme = TestStore.Vectors("basic", "README.md");
        Assert.That(() => DatasetFiles.Resolve([readme]), Throws.InstanceOf<DomainException>().With.Message.Contains("canonical"));
    }

    private static long DataRows(string path) => File.ReadLines(path).Skip(1).Count(line => line.Length > 0);
}
