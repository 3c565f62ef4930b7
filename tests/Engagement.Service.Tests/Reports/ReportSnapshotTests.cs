using System.Text;
using Dapper;
using Engagement.Data.Store;
using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Import;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;
using Engagement.Domain.Scoring;
using Engagement.Service.Reports;
using Engagement.Tests.Shared;

namespace Engagement.Service.Tests.Reports;

/// <summary>The benchmark document kept in the store is served while the data version stands, and only then.</summary>
public sealed class ReportSnapshotTests
{
    [Test]
    public async Task A_repeated_document_is_read_back_and_a_change_makes_a_new_one()
    {
        using var paths = await ReportPaths.CreateAsync();
        var vector = VectorCases.All().First(v => v.Folder == "benchmarks");
        await new DatasetImporter(paths.Factory, new AggregateStore(paths.Factory)).ImportAsync([vector.FolderPath]);
        var query = new ReportQuery { From = new DateOnly(2024, 6, 1), To = new DateOnly(2024, 6, 29) };

        var first = await paths.Fast.BenchmarkJsonAsync(query, default);
        var stored = await SnapshotsAsync(paths);
        var second = await paths.Fast.BenchmarkJsonAsync(query, default);
        await new BrandRepository(paths.Factory).UpsertAsync(new Brand("newcomer", "Newcomer", null));
        var third = await paths.Fast.BenchmarkJsonAsync(query, default);
        await paths.LoadEngineAsync();

        Assert.That(stored, Has.Count.EqualTo(1));
        Assert.That(second, Is.EqualTo(first));
        Assert.That(Encoding.UTF8.GetString(third), Does.Contain("\"newcomer\""), "not the snapshot of the older version");
        Assert.That(Encoding.UTF8.GetString(third), Is.EqualTo(ReportJson.Serialize(await paths.Engine.BenchmarkAsync(query, default))));
        Assert.That(await SnapshotsAsync(paths), Has.Count.EqualTo(1), "older versions are dropped");
    }

    [Test]
    public async Task Another_window_or_threshold_is_another_snapshot()
    {
        using var paths = await ReportPaths.CreateAsync();
        await new DatasetImporter(paths.Factory, new AggregateStore(paths.Factory)).ImportAsync([VectorCases.All().First(v => v.Folder == "benchmarks").FolderPath]);
        await paths.LoadEngineAsync();

        foreach (var query in new[]
        {
            new ReportQuery(),
            new ReportQuery { Settings = new SufficiencySettings(MinEffort: 1) },
            new ReportQuery { From = new DateOnly(2024, 6, 10), To = new DateOnly(2024, 6, 20) },
        })
        {
            await paths.Fast.BenchmarkJsonAsync(query, default);
            Assert.That(
                Encoding.UTF8.GetString(await paths.Fast.BenchmarkJsonAsync(query, default)),
                Is.EqualTo(ReportJson.Serialize(await paths.Engine.BenchmarkAsync(query, default))),
                query.ToString());
        }

        Assert.That(await SnapshotsAsync(paths), Has.Count.EqualTo(3));
    }

    [Test]
    public async Task The_kept_document_is_packed_and_a_damaged_one_is_made_again()
    {
        using var paths = await ReportPaths.CreateAsync();
        await new DatasetImporter(paths.Factory, new AggregateStore(paths.Factory)).ImportAsync([VectorCases.All().First(v => v.Folder == "benchmarks").FolderPath]);
        var query = new ReportQuery { From = new DateOnly(2024, 6, 1), To = new DateOnly(2024, 6, 29) };

        var json = await paths.Fast.BenchmarkJsonAsync(query, default);
        var stored = await BodyAsync(paths);
        await paths.Factory.WriteAsync(
            (connection, transaction, ct) => connection.ExecuteAsync(new CommandDefinition(
                """UPDATE "report_snapshots" SET "body" = @body""", new { body = stored[..^3] }, transaction, cancellationToken: ct)),
            default);
        var again = await paths.Fast.BenchmarkJsonAsync(query, default);

        Assert.That(stored, Has.Length.LessThan(json.Length / 2), "packed");
        Assert.That(again, Is.EqualTo(json), "a damaged snapshot is not served: the document is made again");
        Assert.That(await BodyAsync(paths), Is.EqualTo(stored), "and kept again");
    }

    [Test]
    public async Task A_delivered_document_is_handed_over_once_and_kept_as_delivered()
    {
        using var paths = await ReportPaths.CreateAsync();
        await new DatasetImporter(paths.Factory, new AggregateStore(paths.Factory)).ImportAsync([VectorCases.All().First(v => v.Folder == "benchmarks").FolderPath]);
        var query = new ReportQuery { From = new DateOnly(2024, 6, 1), To = new DateOnly(2024, 6, 29) };
        var delivered = new List<byte[]>();

        await paths.Fast.BenchmarkJsonAsync(query, (json, _) =>
        {
            delivered.Add(BenchmarkJson.ToArray(json));
            return Task.CompletedTask;
        }, default);
        var kept = await SnapshotsAsync(paths);
        var again = await paths.Fast.BenchmarkJsonAsync(query, default);

        Assert.That(delivered, Has.Count.EqualTo(1));
        Assert.That(kept, Has.Count.EqualTo(1), "kept by the time the call returns");
        Assert.That(again, Is.EqualTo(delivered[0]), "the snapshot read back is the document delivered");
    }

    [Test]
    public async Task A_snapshot_the_store_refuses_still_delivers_the_document_and_the_next_request_makes_it_again()
    {
        using var paths = await ReportPaths.CreateAsync();
        await new DatasetImporter(paths.Factory, new AggregateStore(paths.Factory)).ImportAsync([VectorCases.All().First(v => v.Folder == "benchmarks").FolderPath]);
        var query = new ReportQuery { From = new DateOnly(2024, 6, 1), To = new DateOnly(2024, 6, 29) };
        var expected = await new ReportService(new AggregateScoringViewSource(new AggregateStore(paths.Factory), new DataVersionRepository(paths.Factory)))
            .BenchmarkJsonAsync(query, default);
        // A store that takes no more snapshots (as a full disk would): not a lock another writer holds.
        await paths.Factory.WriteAsync(
            (connection, transaction, ct) => connection.ExecuteAsync(new CommandDefinition(
                """CREATE TRIGGER "refuse" BEFORE INSERT ON "report_snapshots" BEGIN SELECT RAISE(ABORT, 'no room'); END""",
                transaction: transaction, cancellationToken: ct)),
            default);
        var delivered = new List<byte[]>();

        await paths.Fast.BenchmarkJsonAsync(query, (json, _) =>
        {
            delivered.Add(BenchmarkJson.ToArray(json));
            return Task.CompletedTask;
        }, default);
        var again = await paths.Fast.BenchmarkJsonAsync(query, default);

        Assert.That(delivered, Is.EqualTo(new[] { expected }));
        Assert.That(again, Is.EqualTo(expected));
        Assert.That(await SnapshotsAsync(paths), Is.Empty);
    }

    private static async Task<byte[]> BodyAsync(ReportPaths paths) =>
        await paths.Factory.ReadAsync((connection, ct) => connection.QuerySingleAsync<byte[]>(
            new CommandDefinition("""SELECT "body" FROM "report_snapshots" """, cancellationToken: ct)));

    private static async Task<List<string>> SnapshotsAsync(ReportPaths paths) =>
        (await paths.Factory.ReadAsync((connection, ct) => connection.QueryAsync<string>(
            new CommandDefinition("""SELECT "key" FROM "report_snapshots" """, cancellationToken: ct)))).ToList();
}
