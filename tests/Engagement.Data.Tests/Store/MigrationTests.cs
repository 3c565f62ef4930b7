using Dapper;
using Engagement.Data.Store;
using Engagement.Data.Store.Deliveries;

namespace Engagement.Data.Tests.Store;

public sealed class MigrationTests(string provider) : StoreTests(provider)
{
    [Test]
    public async Task Migrations_are_applied_once_and_a_rerun_changes_nothing()
    {
        await using var store = await CreateStoreAsync(migrate: false);
        var migrator = new StoreMigrator(store.Factory);

        var first = await migrator.MigrateAsync();
        var second = await migrator.MigrateAsync();

        Assert.That(first, Is.EqualTo(StoreMigrator.All.Select(m => m.Version)));
        Assert.That(second, Is.Empty);
        Assert.That(await migrator.AppliedAsync(), Is.EqualTo(StoreMigrator.All.Select(m => m.Version)));
    }

    [Test]
    public async Task An_up_to_date_store_is_checked_without_waiting_for_a_writer()
    {
        await using var store = await CreateStoreAsync();
        var locked = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        // Another process's long write transaction (an import), holding what a migration takes.
        var writer = store.Factory.WriteAsync(
            async (connection, transaction, ct) =>
            {
                await store.Factory.Dialect.LockForMigrationAsync(connection, transaction, ct);
                await connection.ExecuteAsync(new CommandDefinition("""DELETE FROM "report_snapshots" """, transaction: transaction, cancellationToken: ct));
                locked.SetResult();
                await release.Task;
            });
        await locked.Task;
        try
        {
            var applied = await new StoreMigrator(store.OpenAnother()).MigrateAsync().WaitAsync(TimeSpan.FromSeconds(3));

            Assert.That(applied, Is.Empty);
        }
        finally
        {
            release.SetResult();
            await writer;
        }
    }

    [Test]
    public async Task A_store_newer_than_the_program_is_refused()
    {
        await using var store = await CreateStoreAsync();
        await store.Factory.WriteAsync((connection, transaction, ct) => connection.ExecuteAsync(new CommandDefinition(
            """INSERT INTO "schema_migrations" ("version", "name", "applied_at") VALUES (9999, 'future', 0)""", transaction: transaction, cancellationToken: ct)));

        Assert.That(
            async () => await new StoreMigrator(store.Factory).MigrateAsync(),
            Throws.InstanceOf<Engagement.Domain.Model.DomainException>().With.Message.Contains("newer than this program"));
    }

    [Test]
    public async Task Two_migrators_starting_together_apply_each_migration_once()
    {
        await using var store = await CreateStoreAsync(migrate: false);
        var one = new StoreMigrator(store.Factory);
        var other = new StoreMigrator(store.OpenAnother());

        var results = await Task.WhenAll(Task.Run(() => one.MigrateAsync()), Task.Run(() => other.MigrateAsync()));

        // Each migration once in all, by one or the other: which one is a race, so not the order.
        Assert.That(results.SelectMany(applied => applied), Is.EquivalentTo(StoreMigrator.All.Select(m => m.Version)));
        Assert.That(await store.CountAsync("schema_migrations"), Is.EqualTo(StoreMigrator.All.Count));
    }

    [Test]
    public async Task Migration_5_unpacks_the_collector_state_documents_into_columns_and_loses_nothing()
    {
        await using var store = await CreateStoreAsync(migrate: false);
        // The store as version 4 left it: the collectors' bookkeeping packed as JSON into "cursor".
        await store.AtVersionAsync(
            4,
            """
            INSERT INTO "collector_state" ("network", "handle", "cursor", "last_run_at", "last_error", "next_run_at") VALUES
            ('mastodon', 'acme@x.example', @Packed, 100, 'HTTP 503', 300),
            ('bluesky', 'acme.bsky.social', 'plain-cursor-42', 7, NULL, NULL),
            ('youtube', '@acme', '{not json', NULL, NULL, NULL)
            """,
            new
            {
                Packed = """{"cursor":"115","backfilledAt":11,"lastSuccessAt":22,"lastErrorAt":33,"failures":2,"health":"Failing","postsStored":40,"requests":50,"rateLimited":6}""",
            });

        Assert.That(await new StoreMigrator(store.Factory).MigrateAsync(), Is.EqualTo(StoreMigrator.All.Where(m => m.Version > 4).Select(m => m.Version)));

        var rows = await store.Factory.ReadAsync(
            async (connection, token) => (await connection.QueryAsync<(string Network, string? Cursor, long? BackfilledAt, long? LastSuccessAt, long? LastErrorAt,
                long Failures, string Health, long PostsStored, long Requests, long RateLimited, long? LastRunAt, string? LastError, long? NextRunAt)>(
                new CommandDefinition(
                    """
                    SELECT "network", "cursor", "backfilled_at", "last_success_at", "last_error_at", "consecutive_failures", "health",
                           "posts_stored", "requests_made", "rate_limited", "last_run_at", "last_error", "next_run_at"
                    FROM "collector_state" ORDER BY "network"
                    """,
                    cancellationToken: token))).ToDictionary(r => r.Network),
            CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(rows["mastodon"], Is.EqualTo(("mastodon", (string?)"115", (long?)11, (long?)22, (long?)33, 2L, "failing", 40L, 50L, 6L, (long?)100, (string?)"HTTP 503", (long?)300)));
            Assert.That((rows["bluesky"].Cursor, rows["bluesky"].Health, rows["bluesky"].LastRunAt), Is.EqualTo(("plain-cursor-42", "pending", (long?)7)), "a plain cursor stays");
            Assert.That(rows["youtube"].Cursor, Is.EqualTo("{not json"), "a cursor that is not a document stays as it was");
        });
    }

    [Test]
    public async Task Migration_14_drops_the_mentions_column_and_keeps_every_post_and_mention()
    {
        await using var store = await CreateStoreAsync(migrate: false);
        // The store as version 13 left it: each post's mentions both joined in posts.mentions and as rows.
        await store.AtVersionAsync(
            13,
            """
            INSERT INTO "brands" ("id", "name", "industry") VALUES ('acme', 'Acme', NULL);
            INSERT INTO "accounts" ("network", "handle", "brand") VALUES ('mastodon', 'acme@x.example', 'acme');
            INSERT INTO "posts" ("network", "post_id", "author", "created_at", "in_reply_to_post", "in_reply_to_author", "mentions",
                "likes", "shares", "quotes", "replies", "views") VALUES
            ('mastodon', 'p1', 'acme@x.example', 1709460000000000, NULL, NULL, NULL, 5, 1, 0, 2, 90),
            ('mastodon', 'p2', 'kid@y.example', 1709460060000000, 'p1', 'acme@x.example', 'zed@y.example;acme@x.example', 0, 0, 0, 0, NULL);
            INSERT INTO "post_mentions" ("network", "post_id", "handle") VALUES
            ('mastodon', 'p2', 'zed@y.example'), ('mastodon', 'p2', 'acme@x.example');
            """);

        Assert.That(await new StoreMigrator(store.Factory).MigrateAsync(), Does.Contain(14));

        var columns = await store.QueryAsync<string>(store.Factory.Dialect.Name == "sqlite"
            ? """SELECT "name" FROM pragma_table_info('posts') ORDER BY "cid" """
            : """SELECT "column_name" FROM "information_schema"."columns" WHERE "table_schema" = current_schema() AND "table_name" = 'posts' ORDER BY "ordinal_position" """);
        Assert.That(columns, Is.EqualTo(Engagement.Data.Store.PostColumns.All));
        var exported = store.TempFolder("export");
        await new Engagement.Data.Store.Export.DatasetExporter(store.Factory).ExportAsync(exported);
        Assert.That(File.ReadAllLines(Path.Combine(exported, "posts.csv")), Is.EqualTo(new[]
        {
            "network,post_id,author,created_at,in_reply_to_post,in_reply_to_author,mentions,likes,shares,quotes,replies,views",
            "mastodon,p1,acme@x.example,2024-03-03T10:00:00Z,,,,5,1,0,2,90",
            "mastodon,p2,kid@y.example,2024-03-03T10:01:00Z,p1,acme@x.example,acme@x.example;zed@y.example,0,0,0,0,",
        }));

        // A change of mentions alone leaves posts as they are: post_mentions bumps the data version itself.
        const string Version = """SELECT "version" FROM "data_version" """;
        var before = (await store.QueryAsync<long>(Version)).Single();
        await store.Factory.WriteAsync((connection, transaction, ct) => connection.ExecuteAsync(new CommandDefinition(
            """DELETE FROM "post_mentions" WHERE "handle" = 'zed@y.example'""", transaction: transaction, cancellationToken: ct)));
        Assert.That((await store.QueryAsync<long>(Version)).Single(), Is.GreaterThan(before));
    }

    [Test]
    public async Task Migration_11_names_what_fired_in_the_stored_occurrence_keys_and_owes_schedules_periods_from_their_creation()
    {
        await using var store = await CreateStoreAsync(migrate: false);
        await store.AtVersionAsync(
            10,
            """
            INSERT INTO "alert_rules" ("id", "workspace", "name", "kind", "brand", "competitors", "threshold", "benchmark", "webhook_url", "emails", "signing_secret", "created_at") VALUES
            (1, 'default', 'answers', 'responsiveness-below', 'pixel-nord', '', 60, 'all', 'http://hook.test/', '', 's', 0),
            (2, 'default', 'passed', 'overtaken', 'mile-end', 'rival', 0, 'all', 'http://hook.test/', '', 's', 0);
            INSERT INTO "alert_occurrences" ("rule_id", "occurrence_key", "fired_at", "details") VALUES
            (1, '2026-10-25', 1, '{}'), (1, '2026-11-01', 2, '{}'), (2, '2026-11-01:rival', 3, '{}');
            INSERT INTO "schedules" ("id", "workspace", "name", "cadence", "time_zone", "hour", "brands", "benchmark", "formats", "webhook_url", "emails", "signing_secret", "created_at")
            VALUES (1, 'default', 'weekly', 'weekly', 'UTC', 8, 'pixel-nord', 'all', 'csv', 'http://hook.test/', '', 's', 1793604600000000);
            """);

        Assert.That(await new StoreMigrator(store.Factory).MigrateAsync(), Does.Contain(11));

        var alerts = new AlertRepository(store.Factory);
        var answers = await alerts.OccurrencesAsync(1);
        var passed = await alerts.OccurrencesAsync(2);
        var schedule = (await new ScheduleRepository(store.Factory).ListAsync("default")).Single();
        Assert.Multiple(() =>
        {
            Assert.That(answers, Is.EqualTo(new[] { "responsiveness-below:pixel-nord:2026-10-25", "responsiveness-below:pixel-nord:2026-11-01" }));
            Assert.That(answers[1], Is.EqualTo(AlertOccurrences.Key("responsiveness-below", "pixel-nord", "2026-11-01")), "what the evaluator keys by");
            Assert.That(passed, Is.EqualTo(new[] { AlertOccurrences.Key("overtaken", "mile-end", "2026-11-01", "rival") }));
            Assert.That(schedule.OwedFrom, Is.EqualTo(schedule.CreatedAt));
            Assert.That(schedule.CreatedAt, Is.EqualTo(new DateTimeOffset(2026, 11, 2, 7, 30, 0, TimeSpan.Zero)));
        });
    }
}
