using Dapper;
using Engagement.Collectors.Storage;
using Engagement.Collectors.Tests.Infrastructure;
using Engagement.Data.Store;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;
using Engagement.Domain.Scoring;

namespace Engagement.Collectors.Tests;

/// <summary>The collectors on the service's real (SQLite) store: the importer's tables, one transaction per run.</summary>
public sealed partial class SqlCollectorStoreTests
{
    private string _folder = "";
    private SqliteConnectionFactory _factory = null!;

    [SetUp]
    public async Task CreateStoreAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "engagement-collector-tests", Guid.NewGuid().ToString("N"));
        _factory = new SqliteConnectionFactory(Path.Combine(_folder, "store.db"));
        await new StoreMigrator(_factory).MigrateAsync();
        await new BrandRepository(_factory).UpsertAsync(new Brand("acme", "Acme", "retail"));
        await new AccountRepository(_factory).AddAsync(new Account("acme", "mastodon", "@Acme@social.example"));
    }

    [TearDown]
    public void DeleteStore()
    {
        _factory.ClearPool();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task A_run_lands_in_the_store_and_the_scoring_loader_classifies_it()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeMastodonAcme(time);
        await using var harness = CollectorHarness.Create(mastodon: api, time: time, store: new SqlCollectorStore(_factory));

        var first = await harness.Runner.RunOnceAsync("mastodon");
        var version = await DataVersionAsync();
        var second = await harness.Runner.RunOnceAsync("mastodon");

        // Nothing changed between the runs: no row is rewritten, so report caches stay valid.
        Assert.That((first.PostsInserted, second.PostsInserted, second.PostsUpdated), Is.EqualTo((7, 0, 0)));
        Assert.That(await DataVersionAsync(), Is.EqualTo(version));
        Assert.That(await CountAsync("posts"), Is.EqualTo(7));
        Assert.That(await CountAsync("post_mentions"), Is.EqualTo(5), "U1, A1, U2 and U3's two");
        Assert.That(await CountAsync("followers"), Is.EqualTo(1));

        var input = await new ScoringInputLoader(_factory).LoadAsync();
        var activity = input.Activity.Find(new AccountKey("mastodon", MastodonFake.Handle))!;
        var measures = AccountMeasurer.Measure(activity, new ReportWindow(new DateOnly(2025, 2, 18), new DateOnly(2025, 3, 21)), SufficiencySettings.Default);
        Assert.That((measures.Posts, measures.Answers, measures.UserPosts, measures.AnsweredUserPosts), Is.EqualTo((3, 1, 3, 1)));
    }

    [Test]
    public async Task The_state_round_trips_through_collector_state()
    {
        var store = new SqlCollectorStore(_factory);
        var account = new Account("acme", "mastodon", "acme@social.example");
        var at = CollectorHarness.Start;
        var state = new CollectorAccountState("mastodon", "acme@social.example")
        {
            Cursor = "113900000000000003",
            BackfilledAt = at,
            LastRunAt = at,
            LastSuccessAt = at,
            NextRunAt = at.AddHours(1),
            Health = CollectorHealth.Ok,
            PostsStored = 10,
            RequestsMade = 42,
            RateLimited = 3,
        };

        var result = await store.CommitAsync(account, [Post("p1", "a"), Post("p2")], new FollowerSnapshot("mastodon", account.Handle, new DateOnly(2025, 3, 20), 5), state, CancellationToken.None);

        Assert.That(result, Is.EqualTo(new CommitResult(2, 0)));
        Assert.That(await store.GetStateAsync("mastodon", account.Handle, CancellationToken.None), Is.EqualTo(state with { PostsStored = 12 }));
        var row = await _factory.ReadAsync(
            (connection, token) => connection.QuerySingleAsync<(string? Cursor, string Health, long PostsStored, long RateLimited, long? NextRunAt)>(new CommandDefinition(
                """SELECT "cursor", "health", "posts_stored", "rate_limited", "next_run_at" FROM "collector_state" WHERE "handle" = @Handle""",
                new { account.Handle },
                cancellationToken: token)),
            CancellationToken.None);
        Assert.That(row, Is.EqualTo((state.Cursor, "ok", 12L, 3L, (long?)UtcMicros.FromDateTimeOffset(at.AddHours(1)))), "one column per field, no JSON in the cursor");
        Assert.That(await store.GetReplyCountsAsync("mastodon", "acme@social.example", 0, CancellationToken.None), Is.EqualTo(new Dictionary<string, long> { ["p1"] = 3, ["p2"] = 3 }));
    }

    [Test]
    public async Task Changed_mentions_replace_their_rows_and_a_failed_state_changes_nothing_else()
    {
        var store = new SqlCollectorStore(_factory);
        var account = new Account("acme", "mastodon", "acme@social.example");
        var state = new CollectorAccountState("mastodon", account.Handle);
        await store.CommitAsync(account, [Post("p1", "a", "b")], null, state, CancellationToken.None);

        await store.CommitAsync(account, [Post("p1", "c")], null, state, CancellationToken.None);
        await store.SaveStateAsync(state with { LastError = "boom", Health = CollectorHealth.Failing }, CancellationToken.None);

        await using var connection = await _factory.OpenAsync();
        var mentions = await connection.QueryAsync<string>("""SELECT "handle" FROM "post_mentions" ORDER BY "handle" """);
        Assert.That(mentions, Is.EqualTo(new[] { "c" }));
        Assert.That(await CountAsync("posts"), Is.EqualTo(1));
        Assert.That((await store.GetStateAsync("mastodon", account.Handle, CancellationToken.None))!.LastError, Is.EqualTo("boom"));
    }

    [Test]
    public async Task A_change_of_mentions_alone_is_an_update_and_the_same_set_in_another_order_is_none()
    {
        var store = new SqlCollectorStore(_factory);
        var account = new Account("acme", "mastodon", "acme@social.example");
        var state = new CollectorAccountState("mastodon", account.Handle);
        await store.CommitAsync(account, [Post("p1", "a", "b")], null, state, CancellationToken.None);
        var version = await DataVersionAsync();

        var reordered = await store.CommitAsync(account, [Post("p1", "b", "a")], null, state, CancellationToken.None);
        var unchangedVersion = await DataVersionAsync();
        var added = await store.CommitAsync(account, [Post("p1", "b", "a", "c")], null, state, CancellationToken.None);

        Assert.That(reordered, Is.EqualTo(new CommitResult(0, 0)));
        Assert.That(unchangedVersion, Is.EqualTo(version), "nothing rewritten");
        Assert.That(added, Is.EqualTo(new CommitResult(0, 1)));
        Assert.That(await DataVersionAsync(), Is.GreaterThan(version), "the mention rows alone bump the data version");
        await using var connection = await _factory.OpenAsync();
        Assert.That(await connection.QueryAsync<string>("""SELECT "handle" FROM "post_mentions" ORDER BY "handle" """), Is.EqualTo(new[] { "a", "b", "c" }));
    }

    [Test]
    public async Task A_network_met_for_the_first_time_gets_the_next_code_and_its_posts_read_back_by_its_id()
    {
        var store = new SqlCollectorStore(_factory);
        var mastodon = new Account("acme", "mastodon", "acme@social.example");
        var facebook = new Account("acme", "facebook", "acme-foods");
        await new AccountRepository(_factory).AddAsync(facebook);
        await store.CommitAsync(mastodon, [Post("p1", "a")], null, new CollectorAccountState("mastodon", mastodon.Handle), CancellationToken.None);

        var written = await store.CommitAsync(
            facebook, [Post("p1", "acme-foods") with { Network = "facebook", Author = "fan", InReplyToPost = "f0", InReplyToAuthor = "acme-foods" }],
            null, new CollectorAccountState("facebook", facebook.Handle), CancellationToken.None);

        Assert.That(written, Is.EqualTo(new CommitResult(1, 0)));
        await using var connection = await _factory.OpenAsync();
        Assert.That(await connection.QueryAsync<(long, string)>("""SELECT "code", "id" FROM "networks" ORDER BY "code" """),
            Is.EqualTo(new[] { (0L, "mastodon"), (1L, "facebook") }));
        Assert.That(await connection.QueryAsync<(long, string)>("""SELECT "network", "post_id" FROM "posts" ORDER BY "network" """),
            Is.EqualTo(new[] { (0L, "p1"), (1L, "p1") }), "the same post id on two networks");
        Assert.That(await store.GetAuthorsAsync("facebook", ["p1"], CancellationToken.None), Is.EqualTo(new Dictionary<string, string> { ["p1"] = "fan" }));
        var input = await new ScoringInputLoader(_factory).LoadAsync();
        Assert.That(input.Activity.Find(new AccountKey("facebook", "acme-foods"))!.UserPosts, Has.Count.EqualTo(1), "the reply, by the account's network id");
    }

    [Test]
    public async Task Authors_of_stored_posts_are_read_by_id_in_chunks_and_unknown_ids_are_left_out()
    {
        var store = new SqlCollectorStore(_factory);
        var account = new Account("acme", "mastodon", "acme@social.example");
        var posts = Enumerable.Range(0, 1200).Select(i => Post($"p{i}") with { Author = $"u{i % 7}@social.example" }).ToList();
        await store.CommitAsync(account, posts, null, new CollectorAccountState("mastodon", account.Handle), CancellationToken.None);

        var ids = posts.Select(p => p.PostId).Append("missing").Append("p3").ToList();
        var authors = await store.GetAuthorsAsync("mastodon", ids, CancellationToken.None);

        Assert.That(authors, Has.Count.EqualTo(1200));
        Assert.That((authors["p0"], authors["p1199"]), Is.EqualTo(("u0@social.example", "u2@social.example")));
        Assert.That(authors.ContainsKey("missing"), Is.False);
        Assert.That(await store.GetAuthorsAsync("bluesky", ["p0"], CancellationToken.None), Is.Empty, "per network");
    }

    private static Post Post(string id, params string[] mentions) =>
        new("mastodon", id, "acme@social.example", UtcMicros.FromDateTimeOffset(CollectorHarness.Start), null, null, mentions, 1, 2, 0, 3, null);

    private async Task<long> DataVersionAsync()
    {
        await using var connection = await _factory.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("""SELECT "version" FROM "data_version" """);
    }

    private async Task<long> CountAsync(string table)
    {
        await using var connection = await _factory.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"""SELECT COUNT(*) FROM "{table}" """);
    }
}
