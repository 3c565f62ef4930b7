using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Import;
using Engagement.Data.Tests.Store;

namespace Engagement.Data.Tests.Hardening;

/// <summary>
/// Issue 12, items 2 and 8: an import that fails part-way leaves nothing behind. Before, each file
/// was committed on its own, so a failure in accounts.csv kept the brands of the same request.
/// </summary>
public sealed class ImportAtomicityTests(string provider) : StoreTests(provider)
{
    [Test]
    public async Task Import_failing_after_its_first_file_leaves_nothing_committed()
    {
        await using var store = await CreateStoreAsync();
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress<ImportProgress>(p =>
        {
            if (p.Completed && p.Kind == DatasetFileKind.Accounts)
            {
                cancel.Cancel();
            }
        });

        Assert.That(
            async () => await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([TestStore.Vectors("basic")], progress, cancel.Token),
            Throws.InstanceOf<OperationCanceledException>());

        Assert.That(await store.CountAsync("brands"), Is.Zero, "the brands of the failed import");
        Assert.That(await store.CountAsync("accounts"), Is.Zero);
    }

    [Test]
    public async Task File_rejected_whole_is_rolled_back_alone_and_the_other_files_are_kept()
    {
        await using var store = await CreateStoreAsync();
        var folder = store.TempFolder("mixed");
        File.WriteAllText(Path.Combine(folder, "brands.csv"), "brand,name\nkept,Kept\n");
        File.WriteAllText(Path.Combine(folder, "posts.csv"), "network,post_id,author,created_at\nx,p1,kept,2024-01-01T00:00:00Z\nx,\"p2,kept\n");

        var report = await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([folder]);

        Assert.That(report.Files.Select(f => f.IsFileRejected), Is.EqualTo(new[] { false, true }));
        Assert.That(await store.CountAsync("brands"), Is.EqualTo(1));
        Assert.That(await store.CountAsync("posts"), Is.Zero);
    }

    // Issue 16: the file is parsed on another thread while earlier batches are already written
    // (straight into the tables on a first import): a fault found after them still stores nothing of the file.
    [Test]
    public async Task File_rejected_after_batches_were_written_is_rolled_back_alone()
    {
        await using var store = await CreateStoreAsync();
        var folder = store.TempFolder("late-fault");
        File.WriteAllText(Path.Combine(folder, "brands.csv"), "brand,name\nkept,Kept\n");
        var posts = new System.Text.StringBuilder("network,post_id,author,created_at,mentions\n");
        for (var i = 0; i < 5_000; i++)
        {
            posts.Append(System.Globalization.CultureInfo.InvariantCulture, $"x,p{i},kept,2024-01-01T00:00:00Z,a;b\n");
        }

        File.WriteAllText(Path.Combine(folder, "posts.csv"), posts.Append("x,\"p-last,kept\n").ToString());

        var report = await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([folder]);

        Assert.That(report.Files.Select(f => f.IsFileRejected), Is.EqualTo(new[] { false, true }));
        Assert.That(report.Files[1].FileRejection, Does.Contain("line 5002"));
        Assert.That(await store.CountAsync("brands"), Is.EqualTo(1));
        Assert.That(await store.CountAsync("posts"), Is.Zero);
        Assert.That(await store.CountAsync("post_mentions"), Is.Zero);
    }
}
