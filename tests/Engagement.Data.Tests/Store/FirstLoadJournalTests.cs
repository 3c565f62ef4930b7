using Engagement.Data.Store;
using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Import;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using SQLitePCL;

namespace Engagement.Data.Tests.Store;

/// <summary>
/// The first posts of a SQLite store the import has to itself are loaded in the rollback journal
/// (no WAL to write and checkpoint); with another connection open the load keeps the WAL; either
/// way the store is in WAL again afterwards, also after a load stopped part way.
/// </summary>
public sealed class FirstLoadJournalTests
{
    private const int Posts = 25_000;

    [Test]
    public async Task A_first_load_alone_runs_in_the_rollback_journal_and_leaves_the_store_in_wal()
    {
        await using var store = await TestStore.CreateAsync();
        var folder = WriteDataSet(store);
        var seen = new ModeProbe(store.Sqlite.Path);

        await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([folder], seen);

        Assert.That(seen.Modes, Is.Not.Empty.And.All.EqualTo("delete"));
        Assert.That(await store.QueryAsync<string>("PRAGMA journal_mode"), Is.EqualTo(new[] { "wal" }));
        Assert.That(await store.CountAsync("posts"), Is.EqualTo(Posts));
        Assert.That(await store.CountAsync("aggregate_dirty"), Is.Zero);
        Assert.That(File.Exists(store.Sqlite.Path + "-journal"), Is.False);
    }

    [Test]
    public async Task With_another_connection_open_the_first_load_keeps_the_wal_and_the_reader_reads()
    {
        await using var store = await TestStore.CreateAsync();
        var folder = WriteDataSet(store);
        await using var other = await store.Open().OpenAsync();
        var seen = new ModeProbe(store.Sqlite.Path, other);

        await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([folder], seen);

        Assert.That(seen.Modes, Is.Not.Empty.And.All.EqualTo("wal"));
        Assert.That(seen.PostsSeenByOther, Is.Not.Empty.And.All.EqualTo(0), "the reader sees the store as it was, not blocked");
        Assert.That(await store.QueryAsync<string>("PRAGMA journal_mode"), Is.EqualTo(new[] { "wal" }));
        Assert.That(await store.CountAsync("posts"), Is.EqualTo(Posts));
    }

    [Test]
    public async Task A_first_load_stopped_part_way_stores_nothing_and_leaves_the_store_in_wal()
    {
        await using var store = await TestStore.CreateAsync();
        var folder = WriteDataSet(store);
        using var stop = new CancellationTokenSource();
        var seen = new ModeProbe(store.Sqlite.Path) { OnReport = stop.Cancel };

        Assert.That(
            async () => await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([folder], seen, stop.Token),
            Throws.InstanceOf<OperationCanceledException>());

        Assert.That(seen.Modes, Is.EqualTo(new[] { "delete" }));
        Assert.That(await store.QueryAsync<string>("PRAGMA journal_mode"), Is.EqualTo(new[] { "wal" }));
        Assert.That(await store.CountAsync("posts"), Is.Zero);
        Assert.That(await store.CountAsync("brands"), Is.Zero, "the whole import is one transaction");
        Assert.That(File.Exists(store.Sqlite.Path + "-journal"), Is.False);

        await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([folder]);
        Assert.That(await store.CountAsync("posts"), Is.EqualTo(Posts));
    }

    [Test]
    public async Task A_first_load_killed_part_way_is_rolled_back_and_the_store_is_in_wal_again()
    {
        await using var store = await TestStore.CreateAsync();
        var folder = WriteDataSet(store);
        store.Sqlite.ClearPool();

        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        var start = new System.Diagnostics.ProcessStartInfo(host) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { typeof(Program).Assembly.Location, "import-worker", store.Sqlite.Path, folder })
        {
            start.ArgumentList.Add(argument);
        }

        using (var worker = System.Diagnostics.Process.Start(start)!)
        {
            var line = await worker.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2));
            Assert.That(line, Is.EqualTo("loading delete"), "the worker is inside the load, in the rollback journal");
            Assert.That(File.Exists(store.Sqlite.Path + "-journal"), Is.True, "a journal to roll back");
            worker.Kill(entireProcessTree: true);
            await worker.WaitForExitAsync();
        }

        // The next connection rolls the hot journal back, then switches the store to WAL.
        Assert.That(await store.QueryAsync<string>("PRAGMA journal_mode"), Is.EqualTo(new[] { "wal" }));
        Assert.That(await store.QueryAsync<string>("PRAGMA integrity_check"), Is.EqualTo(new[] { "ok" }));
        Assert.That(await store.CountAsync("posts"), Is.Zero);
        Assert.That(await store.CountAsync("brands"), Is.Zero);

        await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([folder]);
        Assert.That(await store.CountAsync("posts"), Is.EqualTo(Posts));
        await Aggregates.FastPathCheck.AssertSameAsync(store.Factory, "2024-03-01", "2024-03-10");
    }

    [Test]
    public async Task A_first_load_that_cannot_return_to_wal_is_kept_and_the_reason_is_logged_as_a_warning()
    {
        // Short waits for locks: the return to WAL gives up after about a second (the command timeout).
        await using var store = await TestStore.CreateAsync(new SqliteStoreOptions { BusyTimeout = TimeSpan.FromMilliseconds(50), CommandTimeoutSeconds = 1 });
        var folder = WriteDataSet(store);
        sqlite3? loading = null;
        SqliteConnection? reader = null;
        var factory = new TracedSqliteFactory(store.Sqlite, (db, sql) =>
        {
            if (sql.Contains("journal_mode = DELETE", StringComparison.Ordinal))
            {
                loading = db;
            }
            else if (db == loading && reader is null && sql.Contains("journal_mode = WAL", StringComparison.Ordinal))
            {
                // The load committed, out of WAL: a reader (another process's) holds a read lock
                // at that moment, so the switch back cannot have the store to itself.
                reader = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = store.Sqlite.Path, Pooling = false }.ToString());
                reader.Open();
                using var read = reader.CreateCommand();
                read.CommandText = """BEGIN; SELECT count(*) FROM "posts" """;
                read.ExecuteScalar();
            }
        });
        // The reader lets go once the failure is reported: the refresh after the load needs the store.
        var log = new Warnings(() => reader?.Dispose());

        ImportReport report;
        try
        {
            report = await new DatasetImporter(factory, new AggregateStore(factory), log: log).ImportAsync([folder]);
        }
        finally
        {
            reader?.Dispose();
        }

        Assert.That(reader, Is.Not.Null, "the reader held its lock when the load returned to WAL");
        Assert.That(report.HasProblems, Is.False, "the import succeeded");
        Assert.That(log.Messages, Has.Count.EqualTo(1));
        Assert.That(log.Messages[0], Does.Contain("stays in the rollback journal").And.Contain(store.Sqlite.Path).And.Contain("database is locked"));
        Assert.That(await store.CountAsync("posts"), Is.EqualTo(Posts));
        Assert.That(await store.CountAsync("aggregate_dirty"), Is.Zero, "the refresh after the load ran");
        Assert.That(await store.QueryAsync<string>("PRAGMA journal_mode"), Is.EqualTo(new[] { "wal" }), "the next connection switched the store back");
    }

    /// <summary>
    /// The child process of the kill test: imports <paramref name="folder"/> into <paramref name="db"/>
    /// and, inside the posts load, says so with the journal mode it sees and waits to be killed.
    /// </summary>
    public static async Task<int> ImportWorkerAsync(string db, string folder)
    {
        var factory = new SqliteConnectionFactory(db);
        var probe = new ModeProbe(db)
        {
            OnReport = () =>
            {
                Console.Out.Flush();
                Thread.Sleep(Timeout.Infinite);
            },
        };
        probe.Announce = mode => Console.WriteLine("loading " + mode);
        await new DatasetImporter(factory, new AggregateStore(factory)).ImportAsync([folder], probe);
        return 1;
    }

    private static string WriteDataSet(TestStore store)
    {
        var folder = store.TempFolder("data");
        File.WriteAllLines(Path.Combine(folder, "brands.csv"), ["brand,name,industry", "acme,Acme,retail"]);
        File.WriteAllLines(Path.Combine(folder, "accounts.csv"), ["brand,network,handle", "acme,mastodon,acme@x.example"]);
        File.WriteAllLines(Path.Combine(folder, "posts.csv"), [
            "network,post_id,author,created_at,in_reply_to_post,in_reply_to_author,mentions,likes,shares,quotes,replies,views",
            .. Enumerable.Range(0, Posts).Select(i => i % 2 == 0
                ? $"mastodon,p{i},acme@x.example,2024-03-0{1 + (i % 9)}T10:00:00Z,,,,{i % 7},0,0,0,"
                : $"mastodon,p{i},fan{i % 50}@y.example,2024-03-0{1 + (i % 9)}T11:00:00Z,p{i - 1},acme@x.example,,1,0,0,0,"),
        ]);
        return folder;
    }

    /// <summary>
    /// On each progress report of the load (on the writing thread, inside its transaction): the
    /// journal mode as a connection of its own sees it, and what <paramref name="other"/> reads.
    /// </summary>
    private sealed class ModeProbe(string path, System.Data.Common.DbConnection? other = null) : IProgress<ImportProgress>
    {
        public List<string> Modes { get; } = [];

        public List<long?> PostsSeenByOther { get; } = [];

        public Action? OnReport { get; init; }

        public Action<string>? Announce { get; set; }

        public void Report(ImportProgress value)
        {
            if (value.Completed || value.Kind != DatasetFileKind.Posts)
            {
                return;
            }

            // Unpooled and without the store's pragmas: it reads the mode and changes nothing.
            using var probe = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            probe.Open();
            using var command = probe.CreateCommand();
            command.CommandText = "PRAGMA journal_mode";
            Modes.Add((string)command.ExecuteScalar()!);
            Announce?.Invoke(Modes[^1]);
            if (other is not null)
            {
                using var count = other.CreateCommand();
                count.CommandText = """SELECT count(*) FROM "posts" """;
                PostsSeenByOther.Add((long?)count.ExecuteScalar());
            }

            OnReport?.Invoke();
        }
    }

    /// <summary>The warnings an importer logs; <paramref name="onWarning"/> runs as each is logged.</summary>
    private sealed class Warnings(Action onWarning) : ILogger<DatasetImporter>
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Messages.Add(formatter(state, exception));
                onWarning();
            }
        }
    }
}
