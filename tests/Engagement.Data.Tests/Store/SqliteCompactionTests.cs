using Dapper;
using Engagement.Data.Store;
using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Import;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Engagement.Data.Tests.Store;

/// <summary>
/// SQLite's VACUUM keeps what the store relies on (WAL, its settings, its schema), brings a store
/// made with another page size to the standard one (<see cref="SqliteDialect.PageSize"/>) and,
/// killed while it rebuilds the store, leaves it as it was, in WAL, ready to compact again.
/// </summary>
public sealed class SqliteCompactionTests
{
    // The file's own settings (persistent), as a connection sees them before the store configures it.
    private static readonly string[] FileSettings =
        ["journal_mode", "page_size", "auto_vacuum", "user_version", "application_id", "encoding", "freelist_count"];

    [TestCase(4096)]
    [TestCase(SqliteDialect.PageSize)]
    public async Task The_store_is_still_in_wal_with_its_settings_schema_and_keys_and_the_standard_page_size_after_a_compaction(int pageSize)
    {
        await using var store = await TestStore.CreateWithPageSizeAsync(pageSize);
        await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([CompactionTests.WriteTwoBrands(store)]);
        await store.Factory.WriteAsync((connection, transaction, ct) => connection.ExecuteAsync(new CommandDefinition(
            """DELETE FROM "posts" WHERE "author" = 'beta@x.example'""", transaction: transaction, cancellationToken: ct)));
        var before = Settings(store.Sqlite.Path);
        var schema = await store.QueryAsync<string>("""SELECT "type" || ' ' || "name" || ': ' || COALESCE("sql", '') FROM "sqlite_master" ORDER BY "name" """);
        Assert.That(before["journal_mode"], Is.EqualTo("wal"));
        Assert.That(before["page_size"], Is.EqualTo($"{pageSize}"));
        Assert.That(before["freelist_count"], Is.Not.EqualTo("0"), "pages freed by the deletion");

        await new StoreCompaction(store.Factory).CompactAsync(TimeSpan.FromSeconds(5));
        store.Sqlite.ClearPool();

        var after = Settings(store.Sqlite.Path);
        // The page size is the one setting that changes on purpose: a store made before issue 16 moves to the standard size.
        Assert.That(
            after,
            Is.EqualTo(new Dictionary<string, string>(before) { ["freelist_count"] = "0", ["page_size"] = $"{SqliteDialect.PageSize}" }),
            "WAL, auto-vacuum, versions as they were; the standard page size; no free page left");
        Assert.That(await store.QueryAsync<string>("""SELECT "type" || ' ' || "name" || ': ' || COALESCE("sql", '') FROM "sqlite_master" ORDER BY "name" """), Is.EqualTo(schema));
        Assert.That(await store.QueryAsync<string>("PRAGMA integrity_check"), Is.EqualTo(new[] { "ok" }));
        Assert.That(await store.QueryAsync<string>("PRAGMA foreign_key_check"), Is.Empty);
        Assert.That(await store.QueryAsync<long>("PRAGMA foreign_keys"), Is.EqualTo(new[] { 1L }), "the store's connections still enforce the keys");
        Assert.That(File.Exists(store.Sqlite.Path + "-wal") ? new FileInfo(store.Sqlite.Path + "-wal").Length : 0, Is.Zero, "the WAL emptied into the file");
    }

    [Test]
    public async Task A_store_with_4096_byte_pages_comes_out_at_the_standard_size_with_every_row_export_and_aggregate()
    {
        await using var store = await TestStore.CreateWithPageSizeAsync(4096);
        await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([TestStore.Vectors("benchmarks")]);
        await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([CompactionTests.WriteTwoBrands(store)]);
        var rows = await StoreContents.ReadAsync(store.Factory);
        var exported = await CompactionTests.ExportAsync(store, "before");

        var report = await new StoreCompaction(store.Factory).CompactAsync(TimeSpan.FromSeconds(5));
        store.Sqlite.ClearPool();

        Assert.That((report.PageBytesBefore, report.PageBytesAfter), Is.EqualTo((4096L, (long)SqliteDialect.PageSize)));
        Assert.That(report.WalPending, Is.False);
        Assert.That(Settings(store.Sqlite.Path)["page_size"], Is.EqualTo($"{SqliteDialect.PageSize}"));
        Assert.That(await store.QueryAsync<string>("PRAGMA journal_mode"), Is.EqualTo(new[] { "wal" }));
        Assert.That(await store.QueryAsync<string>("PRAGMA integrity_check"), Is.EqualTo(new[] { "ok" }));
        Assert.That(await StoreContents.ReadAsync(store.Factory), Is.EqualTo(rows), "every row of every table as it was");
        var again = await CompactionTests.ExportAsync(store, "after");
        foreach (var file in Directory.GetFiles(exported))
        {
            Assert.That(File.ReadAllBytes(Path.Combine(again, Path.GetFileName(file))), Is.EqualTo(File.ReadAllBytes(file)), file);
        }

        await Aggregates.FastPathCheck.AssertSameAsync(store.Factory, "2024-03-01", "2024-03-10");
        var second = await new StoreCompaction(store.Factory).CompactAsync(TimeSpan.FromSeconds(5));
        Assert.That((second.PageBytesBefore, second.PageBytesAfter), Is.EqualTo(((long)SqliteDialect.PageSize, (long)SqliteDialect.PageSize)), "converted once");
    }

    [Test]
    public async Task Converting_the_page_size_waits_for_other_connections_and_past_the_wait_changes_nothing()
    {
        await using var store = await TestStore.CreateWithPageSizeAsync(4096);
        await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([TestStore.Vectors("basic")]);
        var rows = await StoreContents.ReadAsync(store.Factory);
        store.Sqlite.ClearPool();

        // Leaving the WAL needs the store to itself: a reader of another process (the service,
        // idle between requests, keeps its connections open) is enough to hold it.
        using (var reader = new SqliteConnection($"Data Source={store.Sqlite.Path};Pooling=False"))
        {
            reader.Open();
            reader.ExecuteScalar("SELECT COUNT(*) FROM \"posts\"");
            Assert.That(
                async () => await new StoreCompaction(store.Factory).CompactAsync(TimeSpan.FromMilliseconds(300)),
                Throws.InstanceOf<StoreBusyException>().With.Message.Contains("the store is busy").And.Message.Contains("to itself").And.Message.Contains("nothing was changed"));
        }

        store.Sqlite.ClearPool();
        Assert.That(Settings(store.Sqlite.Path), Does.Contain(new KeyValuePair<string, string>("page_size", "4096")).And.Contain(new KeyValuePair<string, string>("journal_mode", "wal")));
        Assert.That(await StoreContents.ReadAsync(store.Factory), Is.EqualTo(rows));

        var late = new SqliteConnection($"Data Source={store.Sqlite.Path};Pooling=False");
        late.Open();
        late.ExecuteScalar("SELECT COUNT(*) FROM \"posts\"");
        _ = Task.Delay(TimeSpan.FromMilliseconds(600)).ContinueWith(_ => late.Dispose(), TaskScheduler.Default);
        var report = await new StoreCompaction(store.Factory).CompactAsync(TimeSpan.FromSeconds(20));

        Assert.That(report.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(500)), "it waited for the reader");
        Assert.That(report.PageBytesAfter, Is.EqualTo(SqliteDialect.PageSize));
        Assert.That(await StoreContents.ReadAsync(store.Factory), Is.EqualTo(rows));
    }

    [TestCase(4096)]
    [TestCase(SqliteDialect.PageSize)]
    public async Task A_compaction_killed_during_the_vacuum_leaves_every_row_and_the_store_compacts_afterwards(int pageSize)
    {
        await using var store = await TestStore.CreateWithPageSizeAsync(pageSize);
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
        Assert.That(await store.QueryAsync<long>("PRAGMA page_size"), Is.EqualTo(new[] { (long)pageSize }), "the page size as it was");
        Assert.That(await StoreContents.ReadAsync(store.Factory), Is.EqualTo(rows));
        var report = await new StoreCompaction(store.Factory).CompactAsync(TimeSpan.FromSeconds(5));
        Assert.That(report.WalPending, Is.False);
        Assert.That(report.PageBytesAfter, Is.EqualTo(SqliteDialect.PageSize));
        Assert.That(await StoreContents.ReadAsync(store.Factory), Is.EqualTo(rows));
    }

    private static Dictionary<string, string> Settings(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return FileSettings.ToDictionary(name => name, name =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA {name}";
            return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
        });
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
