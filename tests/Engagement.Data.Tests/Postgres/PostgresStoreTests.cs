using Dapper;
using Engagement.Data.Store;
using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Import;
using Engagement.Data.Store.Repositories;
using Engagement.Data.Tests.Store;
using Engagement.Domain.Model;

namespace Engagement.Data.Tests.Postgres;

/// <summary>What only the PostgreSQL store has: its locking, its error codes, its plans.</summary>
public sealed class PostgresStoreTests
{
    [Test]
    public async Task The_data_version_moves_once_per_committed_transaction()
    {
        await using var store = await CreateAsync();
        var version = new DataVersionRepository(store.Factory);
        var before = await version.GetAsync();

        // Four files in one import: one transaction (a savepoint per file), many statements and rows.
        await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([TestStore.Vectors("basic")]);
        await new BrandRepository(store.Factory).UpsertAsync(new Brand("another", "Another", null));

        Assert.That(await version.GetAsync(), Is.EqualTo(before + 2));
        Assert.That(await store.CountAsync("data_version_pending"), Is.Zero);
    }

    // The first load's rows are written frozen (COPY FREEZE into the tables it truncated), so every
    // page is all-visible at once: the first reads after the commit set no hint bit and write no
    // page again. Without FREEZE no page is all-visible until a VACUUM (autovacuum leaves a table
    // of 101 rows alone); the load's ANALYZE records the count.
    [Test]
    public async Task A_first_load_writes_its_rows_frozen()
    {
        await using var store = await CreateAsync();
        await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([TestStore.Vectors("basic")]);

        foreach (var table in new[] { "posts", "post_mentions" })
        {
            var (pages, visible) = (await store.QueryAsync<(int, int)>(
                """SELECT "relpages", "relallvisible" FROM pg_class WHERE oid = @table::regclass""", new { table })).Single();
            Assert.That(pages, Is.GreaterThan(0), table);
            Assert.That(visible, Is.EqualTo(pages), table);
        }
    }

    [Test]
    public async Task A_writer_does_not_queue_behind_another_open_transaction_that_changed_data()
    {
        await using var store = await CreateAsync();
        var version = new DataVersionRepository(store.Factory);
        var before = await version.GetAsync();
        await using var connection = await store.Factory.OpenAsync();
        await using var open = await store.Factory.Dialect.BeginWriteAsync(connection, CancellationToken.None);
        await connection.ExecuteAsync("""INSERT INTO "brands" ("id", "name") VALUES ('slow', 'Slow')""", transaction: open);

        // The version row is only locked at commit: this write must not wait for the open transaction.
        var other = new BrandRepository(store.Factory).UpsertAsync(new Brand("fast", "Fast", null));
        var finished = await Task.WhenAny(other, Task.Delay(TimeSpan.FromSeconds(10)));
        var seenMeanwhile = await version.GetAsync();
        await open.CommitAsync();

        Assert.That(finished, Is.SameAs(other));
        Assert.That(seenMeanwhile, Is.EqualTo(before + 1));
        Assert.That(await version.GetAsync(), Is.EqualTo(before + 2));
    }

    [Test]
    public async Task A_deadlock_is_retried_and_both_writes_land()
    {
        await using var store = await CreateAsync();
        await new BrandRepository(store.Factory).UpsertAsync(new Brand("a", "A", null));
        await new BrandRepository(store.Factory).UpsertAsync(new Brand("b", "B", null));
        using var bothLocked = new Barrier(2);

        // Each locks one row, waits for the other to do the same, then wants the other's row.
        // Only the first attempt of each waits: the retried victim finds the way clear.
        Task Write(string first, string second)
        {
            var attempts = 0;
            return store.Factory.WriteAsync(async (connection, transaction, ct) =>
            {
                await connection.ExecuteAsync("""UPDATE "brands" SET "name" = "name" || '+' WHERE "id" = @first""", new { first }, transaction);
                if (++attempts == 1)
                {
                    bothLocked.SignalAndWait(TimeSpan.FromSeconds(10), ct);
                }

                await connection.ExecuteAsync("""UPDATE "brands" SET "name" = "name" || '+' WHERE "id" = @second""", new { second }, transaction);
            });
        }

        await Task.WhenAll(Task.Run(() => Write("a", "b")), Task.Run(() => Write("b", "a")));

        var names = await store.QueryAsync<string>("""SELECT "name" FROM "brands" ORDER BY "id" """);
        Assert.That(names, Is.EqualTo(new[] { "A++", "B++" }), "the deadlock victim ran again, whole");
    }

    [Test]
    public async Task Transient_and_unique_errors_are_told_apart_by_sqlstate()
    {
        await using var store = await CreateAsync();
        var dialect = store.Factory.Dialect;

        var unique = await ErrorAsync(store, """INSERT INTO "brands" ("id", "name") VALUES ('x', 'X'), ('x', 'Y')""");
        var serialization = await ErrorAsync(store, "DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = '40001'; END $$");
        var shutdown = await ErrorAsync(store, "DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = '57P01'; END $$");
        var syntax = await ErrorAsync(store, "SELEC 1");

        Assert.That((dialect.IsUniqueViolation(unique), dialect.IsTransient(unique)), Is.EqualTo((true, false)));
        Assert.That(dialect.IsTransient(serialization), Is.True);
        Assert.That(dialect.IsTransient(shutdown), Is.True);
        Assert.That((dialect.IsUniqueViolation(syntax), dialect.IsTransient(syntax)), Is.EqualTo((false, false)));
    }

    [Test]
    public async Task The_report_queries_can_be_served_by_indices()
    {
        await using var store = await CreateAsync();

        // Without statistics the planner would scan the empty tables; seqscan off shows what it can use.
        var plan = await store.Factory.ReadAsync(async (connection, ct) =>
        {
            await connection.ExecuteAsync("SET enable_seqscan = off");
            var lines = new List<string>();
            foreach (var sql in new[]
            {
                """SELECT "post_id" FROM "post_mentions" WHERE "network" = 0 AND "handle" = 'a'""",
                """SELECT "post_id" FROM "posts" WHERE "network" = 0 AND "in_reply_to_author" = 'a'""",
                """SELECT "post_id" FROM "posts" WHERE "network" = 0 AND "author" = 'a' AND "created_at" >= 0""",
            })
            {
                lines.AddRange(await connection.QueryAsync<string>($"EXPLAIN {sql}"));
            }

            await connection.ExecuteAsync("RESET enable_seqscan");
            return string.Join("\n", lines);
        });

        Assert.That(plan, Does.Contain("post_mentions_by_handle").And.Contain("posts_by_reply_author").And.Contain("posts_by_author"));
    }

    [Test]
    public async Task Posts_carry_only_the_indices_a_query_uses()
    {
        await using var store = await CreateAsync();

        var indices = await store.QueryAsync<string>(
            """SELECT "indexname" FROM "pg_indexes" WHERE "tablename" = 'posts' AND "indexname" <> 'posts_pkey' ORDER BY "indexname" COLLATE "C" """);

        Assert.That(indices, Is.EqualTo(new[] { "posts_by_author", "posts_by_reply_author" }));
    }

    [Test]
    public async Task Text_keys_sort_by_code_point_whatever_the_database_locale()
    {
        await using var store = await CreateAsync();
        foreach (var id in new[] { "b", "B", "a", "_x", "A" })
        {
            await new BrandRepository(store.Factory).UpsertAsync(new Brand(id.ToLowerInvariant() + (id == id.ToUpperInvariant() ? "-up" : ""), id, null));
        }

        var listed = (await new BrandRepository(store.Factory).ListAsync()).Select(b => b.Id).ToList();

        Assert.That(listed, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
    }

    // A recompute queues tens of thousands of statements of a few texts: each batch is prepared,
    // so the server parses and plans each text once per connection, not once per statement.
    [Test]
    public async Task A_write_queue_sends_its_statements_prepared()
    {
        await using var store = await CreateAsync();
        await using var connection = await store.Factory.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var queue = new WriteQueue(connection, transaction))
        await using (var insert = new BatchCommand(connection, transaction,
            """INSERT INTO "brands" ("id", "name") VALUES (@id, @name)""", "id", "name"))
        {
            for (var i = 0; i < 3; i++)
            {
                await insert.Set(0, $"queued-{i}").Set(1, "Queued").QueueAsync(queue, CancellationToken.None);
            }

            await queue.FlushAsync(CancellationToken.None);
        }

        var prepared = (await connection.QueryAsync<string>(
            """SELECT "statement" FROM pg_prepared_statements WHERE "statement" LIKE 'INSERT INTO "brands"%'""", transaction: transaction)).AsList();
        Assert.That(await connection.ExecuteScalarAsync<long>(
            """SELECT count(*) FROM "brands" WHERE "id" LIKE 'queued-%'""", transaction: transaction), Is.EqualTo(3));
        Assert.That(prepared, Has.Count.EqualTo(1));
    }

    private static Task<TestStore> CreateAsync() => TestStore.CreateAsync(StoreProviders.Postgres, null, migrate: true);

    private static async Task<Exception> ErrorAsync(TestStore store, string sql)
    {
        try
        {
            await store.Factory.ReadAsync((connection, ct) => connection.ExecuteAsync(new CommandDefinition(sql, cancellationToken: ct)));
        }
        catch (Exception e)
        {
            return e;
        }

        throw new AssertionException($"no error from {sql}");
    }
}
