using System.Diagnostics;
using System.Globalization;
using System.Text;
using Engagement.Data.Store;
using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Import;

namespace Engagement.Data.Tests.Store;

public sealed class ImportVolumeTests(string provider) : StoreTests(provider)
{
    [Test]
    public async Task Many_posts_import_in_one_transaction_and_reimport_unchanged()
    {
        await using var store = await CreateStoreAsync();
        var path = WritePosts(store.TempFolder("volume"), 20_000);
        var importer = new DatasetImporter(store.Factory, new AggregateStore(store.Factory));

        var first = await importer.ImportAsync([path]);
        var second = await importer.ImportAsync([path]);

        Assert.That(first.Stored, Is.EqualTo(20_000));
        Assert.That((second.Stored, second.Updated, second.Files.Single().Unchanged), Is.EqualTo((0L, 0L, 20_000L)));
        Assert.That(await store.CountAsync("post_mentions"), Is.EqualTo(6_667), "i % 3 == 0 for i in [0, 20000)");
    }

    [Test]
    public async Task A_file_cancelled_half_way_leaves_nothing_and_the_next_import_works()
    {
        await using var store = await CreateStoreAsync();
        var path = WritePosts(store.TempFolder("volume"), 20_000);
        var importer = new DatasetImporter(store.Factory, new AggregateStore(store.Factory));
        using var cancel = new CancellationTokenSource();
        // Cancels once 10,000 rows were staged (progress is reported every 10,000 rows).
        var progress = new SynchronousProgress<ImportProgress>(p =>
        {
            if (p.RowsRead >= 10_000)
            {
                cancel.Cancel();
            }
        });

        Assert.That(() => importer.ImportAsync([path], progress, cancel.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(await store.CountAsync("posts"), Is.Zero);
        Assert.That(await store.CountAsync("post_mentions"), Is.Zero);

        // Same pooled connection, staging tables created again: the rolled-back ones are gone.
        var report = await importer.ImportAsync([path]);
        Assert.That(report.Stored, Is.EqualTo(20_000));
    }

    /// <summary>Measures the import speed; run on demand: dotnet test --filter Name~Import_speed.</summary>
    [Test]
    [Explicit("measurement, not a check")]
    public async Task Import_speed()
    {
        const int Posts = 200_000;
        await using var store = await CreateStoreAsync();
        await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([TestStore.Vectors("basic")]);
        var path = WritePosts(store.TempFolder("volume"), Posts);
        var importer = new DatasetImporter(store.Factory, new AggregateStore(store.Factory));

        var clock = Stopwatch.StartNew();
        var first = await importer.ImportAsync([path]);
        var cold = clock.Elapsed;
        clock.Restart();
        await importer.ImportAsync([path]);
        var again = clock.Elapsed;
        clock.Restart();
        var input = await new ScoringInputLoader(store.Factory).LoadAsync();
        var load = clock.Elapsed;

        Assert.That(first.Stored, Is.EqualTo(Posts));
        TestContext.Out.WriteLine(
            $"{Posts} posts ({new FileInfo(path).Length / 1024 / 1024} MiB): new {cold.TotalSeconds:F2} s = {Posts / cold.TotalSeconds:F0} posts/s; " +
            $"re-import (all unchanged) {again.TotalSeconds:F2} s = {Posts / again.TotalSeconds:F0} posts/s; " +
            $"load for scoring {load.TotalSeconds:F2} s ({input.Activity.Activities.Sum(a => a.UserPosts.Count)} user posts)");
    }

    // Posts by 1000 users; every third mentions, every fifth replies to, a tracked account of the basic vector.
    private static string WritePosts(string folder, int count)
    {
        var path = Path.Combine(folder, "posts.csv");
        var text = new StringBuilder("network,post_id,author,created_at,in_reply_to_post,in_reply_to_author,mentions,likes,shares,quotes,replies,views\n");
        var start = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            var created = start.AddSeconds(i * 7).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var (replyPost, replyAuthor) = i % 5 == 0 ? ("m1", "acme@social.example") : ("", "");
            var mentions = i % 3 == 0 ? "@Bolt@social.example" : "";
            text.Append(CultureInfo.InvariantCulture,
                $"mastodon,gen{i},user{i % 1000}@social.example,{created},{replyPost},{replyAuthor},{mentions},{i % 50},{i % 7},0,{i % 3},\n");
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }
}
