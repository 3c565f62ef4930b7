using System.Data.Common;
using Dapper;
using Engagement.Data.Store;
using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Export;
using Engagement.Data.Store.Import;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Engagement.Data.Tests.Store;

/// <summary>
/// <see cref="StoreCompaction"/> on both engines: every row, aggregate and the data version as they
/// were; the space of deleted posts given back (SQLite); a writer holding the store waited for, then refused clearly.
/// </summary>
public sealed class CompactionTests(string provider) : StoreTests(provider)
{
    private const int PostsPerBrand = 6_000;

    [Test]
    public async Task Compacting_keeps_every_row_aggregate_and_the_data_version()
    {
        await using var store = await CreateStoreAsync();
        await Import(store, TestStore.Vectors("benchmarks"));
        await Import(store, WriteTwoBrands(store));
        var rows = await StoreContents.ReadAsync(store.Factory);
        var exported = await ExportAsync(store, "before");

        var report = await new StoreCompaction(store.Factory).CompactAsync(TimeSpan.FromSeconds(5));

        Assert.That(report.Engine, Is.EqualTo(IsPostgres ? "postgresql" : "sqlite"));
        Assert.That(report.BytesBefore, Is.Positive);
        Assert.That(report.BytesAfter, Is.Positive);
        var after = await StoreContents.ReadAsync(store.Factory);
        Assert.That(after.Keys, Is.EqualTo(rows.Keys), "the same tables");
        foreach (var (table, before) in rows)
        {
            Assert.That(after[table], Is.EqualTo(before), $"{table}: every row as it was");
        }

        Assert.That(rows["data_version"], Has.Count.EqualTo(1));
        var again = await ExportAsync(store, "after");
        foreach (var file in Directory.GetFiles(exported))
        {
            Assert.That(File.ReadAllBytes(Path.Combine(again, Path.GetFileName(file))), Is.EqualTo(File.ReadAllBytes(file)), file);
        }

        await Aggregates.FastPathCheck.AssertSameAsync(store.Factory, "2024-03-01", "2024-03-10");
    }

    [Test]
    public async Task After_deleting_a_brands_posts_compacting_gives_the_space_back()
    {
        await using var store = await CreateStoreAsync();
        await Import(store, WriteTwoBrands(store));
        await store.Factory.WriteAsync((connection, transaction, ct) => connection.ExecuteAsync(new CommandDefinition(
            """DELETE FROM "posts" WHERE "author" = 'beta@x.example' OR "in_reply_to_author" = 'beta@x.example'""", transaction: transaction, cancellationToken: ct)));
        var rows = await StoreContents.ReadAsync(store.Factory);

        var report = await new StoreCompaction(store.Factory).CompactAsync(TimeSpan.FromSeconds(5));

        Assert.That(await StoreContents.ReadAsync(store.Factory), Is.EqualTo(rows));
        if (IsPostgres)
        {
            // VACUUM marks the dead rows' space reusable and does not shrink the files: it ran on every table.
            var unvacuumed = await store.QueryAsync<string>(
                """SELECT "relname" FROM "pg_stat_user_tables" WHERE "schemaname" = current_schema() AND ("last_vacuum" IS NULL OR "last_analyze" IS NULL)""");
            Assert.That(unvacuumed, Is.Empty, "every table vacuumed and analyzed");
            Assert.That(report.Tables, Is.EqualTo((await store.QueryAsync<string>("""SELECT "tablename" FROM "pg_tables" WHERE "schemaname" = current_schema()""")).Count));
            return;
        }

        var file = new FileInfo(store.Sqlite.Path).Length;
        Assert.That(report.BytesAfter, Is.LessThan(report.BytesBefore * 0.75), $"{report.BytesBefore} -> {report.BytesAfter}: about half the posts deleted");
        Assert.That(file, Is.EqualTo(report.BytesAfter), "the file itself shrank: the WAL was checkpointed into it and emptied");
        Assert.That(report.WalPending, Is.False);
    }

    [Test]
    public async Task A_writer_that_lets_go_within_the_wait_is_waited_for()
    {
        await using var store = await CreateStoreAsync();
        await Import(store, TestStore.Vectors("basic"));
        var writer = await HoldWriteLockAsync(store);
        _ = Task.Delay(TimeSpan.FromMilliseconds(600)).ContinueWith(_ => writer.Dispose(), TaskScheduler.Default);

        var report = await new StoreCompaction(store.Factory).CompactAsync(TimeSpan.FromSeconds(20));

        Assert.That(report.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(500)), "it waited for the writer");
        Assert.That(await store.CountAsync("posts"), Is.EqualTo(101));
    }

    [Test]
    public async Task A_writer_that_holds_the_store_past_the_wait_gets_a_clear_error_and_nothing_changes()
    {
        await using var store = await CreateStoreAsync();
        await Import(store, TestStore.Vectors("basic"));
        var rows = await StoreContents.ReadAsync(store.Factory);
        using (await HoldWriteLockAsync(store))
        {
            Assert.That(
                async () => await new StoreCompaction(store.Factory).CompactAsync(TimeSpan.FromMilliseconds(300)),
                Throws.InstanceOf<StoreBusyException>().With.Message.Contains("the store is busy").And.Message.Contains("0.3 s").And.Message.Contains("nothing was changed"));
        }

        Assert.That(await StoreContents.ReadAsync(store.Factory), Is.EqualTo(rows));
        var report = await new StoreCompaction(store.Factory).CompactAsync(TimeSpan.FromSeconds(5));
        Assert.That(report.BytesAfter, Is.Positive, "once the writer is gone it runs");
    }

    [Test]
    public async Task A_negative_wait_is_refused()
    {
        await using var store = await CreateStoreAsync();
        Assert.That(
            async () => await new StoreCompaction(store.Factory).CompactAsync(TimeSpan.FromSeconds(-1)),
            Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    private static Task Import(TestStore store, string folder) =>
        new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([folder]);

    internal static async Task<string> ExportAsync(TestStore store, string name)
    {
        var folder = store.TempFolder(name);
        await new DatasetExporter(store.Factory).ExportAsync(folder);
        return folder;
    }

    // A writer of another process: SQLite's write lock (BEGIN IMMEDIATE), or on PostgreSQL the lock
    // an index build or schema change takes on posts, the one VACUUM waits for.
    private async Task<IDisposable> HoldWriteLockAsync(TestStore store)
    {
        DbConnection connection = IsPostgres
            ? new NpgsqlConnection(store.ConnectionString)
            : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = store.Sqlite.Path, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = IsPostgres
            ? """BEGIN; LOCK TABLE "posts" IN SHARE UPDATE EXCLUSIVE MODE"""
            : """BEGIN IMMEDIATE; UPDATE "data_version" SET "version" = "version" """;
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    // Two brands of as many posts each, in the rollback-journal first load: a table the import wrote row by row.
    internal static string WriteTwoBrands(TestStore store)
    {
        var folder = store.TempFolder("two-brands");
        File.WriteAllLines(Path.Combine(folder, "brands.csv"), ["brand,name,industry", "alpha,Alpha,retail", "beta,Beta,retail"]);
        File.WriteAllLines(Path.Combine(folder, "accounts.csv"), ["brand,network,handle", "alpha,mastodon,alpha@x.example", "beta,mastodon,beta@x.example"]);
        File.WriteAllLines(Path.Combine(folder, "posts.csv"), [
            "network,post_id,author,created_at,in_reply_to_post,in_reply_to_author,mentions,likes,shares,quotes,replies,views",
            .. new[] { "alpha", "beta" }.SelectMany(brand => Enumerable.Range(0, PostsPerBrand).Select(i => i % 2 == 0
                ? $"mastodon,{brand}{i},{brand}@x.example,2024-03-0{1 + (i % 9)}T10:00:00Z,,,,{i % 7},0,0,0,"
                : $"mastodon,{brand}{i},fan{i % 50}@y.example,2024-03-0{1 + (i % 9)}T11:00:00Z,{brand}{i - 1},{brand}@x.example,@{brand}@x.example,1,0,0,0,")),
        ]);
        return folder;
    }
}

/// <summary>Every row of every table of the store, as text, sorted: what "nothing changed" means.</summary>
internal static class StoreContents
{
    public static Task<SortedDictionary<string, List<string>>> ReadAsync(IDbConnectionFactory factory) =>
        factory.ReadAsync(async (connection, ct) =>
        {
            var tables = (await connection.QueryAsync<string>(new CommandDefinition(
                factory.Dialect.Name == "sqlite"
                    ? """SELECT "name" FROM "sqlite_master" WHERE "type" = 'table' AND "name" NOT LIKE 'sqlite_%'"""
                    : """SELECT "tablename" FROM "pg_tables" WHERE "schemaname" = current_schema()""",
                cancellationToken: ct))).AsList();
            var contents = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var table in tables)
            {
                var rows = await connection.QueryAsync(new CommandDefinition($"""SELECT * FROM "{table}" """, cancellationToken: ct));
                contents[table] = rows.Cast<IDictionary<string, object?>>()
                    .Select(row => string.Join("|", row.Select(cell => $"{cell.Key}={Text(cell.Value)}")))
                    .Order(StringComparer.Ordinal)
                    .ToList();
            }

            return contents;
        });

    private static string Text(object? value) => value switch
    {
        null => "null",
        byte[] bytes => Convert.ToHexString(bytes),
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
