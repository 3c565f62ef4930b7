using Dapper;
using Engagement.Data.Store;
using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Repositories;
using Microsoft.Extensions.Logging.Abstractions;

namespace Engagement.Data.Tests.Store.Aggregates;

/// <summary>Kept reports written and read back on both providers: whole, replaced, and only for the current data version.</summary>
public sealed class ReportSnapshotStoreTests(string provider) : StoreTests(provider)
{
    private const int Slice = SnapshotPacking.SliceSize;

    [Test]
    public async Task A_body_of_several_slices_in_segments_is_read_back_whole()
    {
        await using var store = await CreateStoreAsync();
        var snapshots = new ReportSnapshotStore(store.Factory, NullLogger<ReportSnapshotStore>.Instance);
        var version = await new DataVersionRepository(store.Factory).GetAsync();
        var body = SnapshotPackingTests.Document((2 * Slice) + 12_345);

        Assert.That(await snapshots.PutAsync("report", version, Segments(body, seed: 3)), Is.True);

        Assert.That(await snapshots.GetAsync("report"), Is.EqualTo(body));
        Assert.That(await snapshots.GetAsync("another"), Is.Null);
    }

    [Test]
    public async Task The_same_key_stored_again_holds_the_new_body_only()
    {
        await using var store = await CreateStoreAsync();
        var snapshots = new ReportSnapshotStore(store.Factory, NullLogger<ReportSnapshotStore>.Instance);
        var version = await new DataVersionRepository(store.Factory).GetAsync();
        var longer = SnapshotPackingTests.Document(Slice + 999);
        var shorter = SnapshotPackingTests.Document(777);

        await snapshots.PutAsync("report", version, [longer]);
        await snapshots.PutAsync("report", version, Segments(shorter, seed: 5));
        var afterShorter = await snapshots.GetAsync("report");
        await snapshots.PutAsync("report", version, Segments(longer, seed: 6));

        Assert.That(afterShorter, Is.EqualTo(shorter), "no bytes of the longer body left behind");
        Assert.That(await snapshots.GetAsync("report"), Is.EqualTo(longer));
        Assert.That(await store.CountAsync("report_snapshots"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_body_of_an_older_version_is_not_served_and_goes_with_the_next_write()
    {
        await using var store = await CreateStoreAsync();
        var snapshots = new ReportSnapshotStore(store.Factory, NullLogger<ReportSnapshotStore>.Instance);
        var version = await new DataVersionRepository(store.Factory).GetAsync();
        await snapshots.PutAsync("old", version, [SnapshotPackingTests.Document(5000)]);
        await store.Factory.WriteAsync((connection, transaction, ct) => connection.ExecuteAsync(new CommandDefinition(
            """UPDATE "data_version" SET "version" = "version" + 1""", transaction: transaction, cancellationToken: ct)));

        var stale = await snapshots.GetAsync("old");
        await snapshots.PutAsync("new", version + 1, [SnapshotPackingTests.Document(6000)]);

        Assert.That(stale, Is.Null);
        Assert.That(await store.QueryAsync<string>("""SELECT "key" FROM "report_snapshots" """), Is.EqualTo(new[] { "new" }));
        Assert.That(await snapshots.GetAsync("new"), Is.EqualTo(SnapshotPackingTests.Document(6000)));
    }

    // The body cut at random points, with empty segments and segments that span slices.
    private static List<ReadOnlyMemory<byte>> Segments(byte[] body, int seed)
    {
        var random = new Random(seed);
        var segments = new List<ReadOnlyMemory<byte>>();
        for (var at = 0; at < body.Length;)
        {
            var length = Math.Min(random.Next(3) switch { 0 => 0, 1 => random.Next(1, 1000), _ => random.Next(1, 2 * Slice) }, body.Length - at);
            segments.Add(body.AsMemory(at, length));
            at += length;
        }

        return segments;
    }
}
