using Engagement.Data.Store;
using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Import;
using SQLitePCL;

namespace Engagement.Data.Tests.Store;

/// <summary>A SQLite compaction killed while VACUUM rebuilds the store leaves it as it was, in WAL, and runs again.</summary>
public sealed class CompactionKillTests
{
    [Test]
    public async Task A_compaction_killed_during_the_vacuum_leaves_every_row_and_the_store_compacts_afterwards()
    {
        await using var store = await TestStore.CreateAsync();
        await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([TestStore.Vectors("benchmarks")]);
        await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([CompactionTests.WriteTwoBrands(store)]);
        var rows = await StoreContents.ReadAsync(store.Factory);
        store.Sqlite.ClearPool();

        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        var start = new System.Diagnostics.ProcessStartInfo(host) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { typeof(Program).Assembly.Location, "compact-worker", store.Sqlite.Path })
        {
            start.ArgumentList.Add(argument);
        }

        using (var worker = System.Diagnostics.Process.Start(start)!)
        {
            var line = await worker.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2));
            Assert.That(line, Is.EqualTo("vacuuming"), "the worker is inside VACUUM");
            worker.Kill(entireProcessTree: true);
            await worker.WaitForExitAsync();
        }

        Assert.That(await store.QueryAsync<string>("PRAGMA integrity_check"), Is.EqualTo(new[] { "ok" }));
        Assert.That(await store.QueryAsync<string>("PRAGMA journal_mode"), Is.EqualTo(new[] { "wal" }));
        Assert.That(await StoreContents.ReadAsync(store.Factory), Is.EqualTo(rows));
        var report = await new StoreCompaction(store.Factory).CompactAsync(TimeSpan.FromSeconds(5));
        Assert.That(report.WalPending, Is.False);
        Assert.That(await StoreContents.ReadAsync(store.Factory), Is.EqualTo(rows));
    }

    /// <summary>
    /// <c>compact-worker DB</c>: compacts DB and, well inside the VACUUM (SQLite's progress callback,
    /// called every 1,000 steps of the statements that copy the tables), says so and stops there for good.
    /// </summary>
    public static async Task<int> CompactWorkerAsync(string db)
    {
        var calls = 0;
        var factory = new TracedSqliteFactory(new SqliteConnectionFactory(db), (handle, sql) =>
        {
            if (sql.Trim() == "VACUUM")
            {
                raw.sqlite3_progress_handler(handle, 1000, _ =>
                {
                    if (++calls == 50)
                    {
                        Console.WriteLine("vacuuming");
                        Console.Out.Flush();
                        Thread.Sleep(Timeout.Infinite);
                    }

                    return 0;
                }, null);
            }
        });
        await new StoreCompaction(factory).CompactAsync(TimeSpan.FromSeconds(5));
        Console.WriteLine("finished before the kill");
        return 1;
    }
}
