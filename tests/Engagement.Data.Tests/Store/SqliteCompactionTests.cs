using Dapper;
using Engagement.Data.Store;
using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Import;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Engagement.Data.Tests.Store;

/// <summary>
/// SQLite's VACUUM keeps what the store relies on (WAL, its page settings, its schema) and, killed
/// while it rebuilds the store, leaves it as it was, in WAL, ready to compact again.
/// </summary>
public sealed class SqliteCompactionTests
{
    // The file's own settings (persistent), as a connection sees them before the store configures it.
    private static readonly string[] FileSettings =
        ["journal_mode", "page_size", "auto_vacuum", "user_version", "application_id", "encoding", "freelist_count"];

    [Test]
    public async Task The_store_is_still_in_wal_with_its_settings_schema_and_keys_after_a_compaction()
    {
        await using var store = await TestStore.CreateAsync();
        await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([CompactionTests.WriteTwoBrands(store)]);
        await store.Factory.WriteAsync((connection, transaction, ct) => connection.ExecuteAsync(new CommandDefinition(
            """DELETE FROM "posts" WHERE "author" = 'beta@x.example'""", transaction: transaction, cancellationToken: ct)));
        var before = Settings(store.Sqlite.Path);
        var schema = await store.QueryAsync<string>("""SELECT "type" || ' ' || "name" || ': ' || COALESCE("sql", '') FROM "sqlite_master" ORDER BY "name" """);
        Assert.That(before["journal_mode"], Is.EqualTo("wal"));
        Assert.That(before["freelist_count"], Is.Not.EqualTo("0"), "pages freed by the deletion");

        await new StoreCompaction(store.Factory).CompactAsync(TimeSpan.FromSeconds(5));
        store.Sqlite.ClearPool();

        var after = Settings(store.Sqlite.Path);
        Assert.That(after, Is.EqualTo(new Dictionary<string, string>(before) { ["freelist_count"] = "0" }), "WAL, page size, auto-vacuum, versions as they were; no free page left");
        Assert.That(await store.QueryAsync<string>("""SELECT "type" || ' ' || "name" || ': ' || COALESCE("sql", '') FROM "sqlite_master" ORDER BY "name" """), Is.EqualTo(schema));
        Assert.That(await store.QueryAsync<string>("PRAGMA integrity_check"), Is.EqualTo(new[] { "ok" }));
        Assert.That(await store.QueryAsync<string>("PRAGMA foreign_key_check"), Is.Empty);
        Assert.That(await store.QueryAsync<long>("PRAGMA foreign_keys"), Is.EqualTo(new[] { 1L }), "the store's connections still enforce the keys");
        Assert.That(File.Exists(store.Sqlite.Path + "-wal") ? new FileInfo(store.Sqlite.Path + "-wal").Length : 0, Is.Zero, "the WAL emptied into the file");
    }

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
