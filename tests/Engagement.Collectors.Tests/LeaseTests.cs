using System.Globalization;
using Dapper;
using Engagement.Collectors.Engine;
using Engagement.Collectors.Storage;
using Engagement.Collectors.Tests.Infrastructure;
using Engagement.Data.Store;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;

namespace Engagement.Collectors.Tests;

/// <summary>
/// Several instances on one database share the collection through account leases
/// (docs/scale.md, "Sharing the collection: leases"): an account is collected by one of them at a
/// time, once per pass; a lease held by another instance is respected until it expires; a run
/// whose lease was lost commits nothing.
/// </summary>
[NonParallelizable]
public sealed class LeaseTests
{
    private const int Accounts = 10;
    private const int PostsPerAccount = 2;

    private string _folder = "";
    private ManualTimeProvider _time = null!;
    private SqliteConnectionFactory _factory = null!;

    [SetUp]
    public async Task CreateStoreAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "engagement-collector-leases", Guid.NewGuid().ToString("N"));
        _time = new ManualTimeProvider(CollectorHarness.Start);
        // The store's lease instants on the same fake clock as the engines.
        _factory = new SqliteConnectionFactory(Path.Combine(_folder, "store.db"), new SqliteStoreOptions { Time = _time });
        await new StoreMigrator(_factory).MigrateAsync();
        var brands = new BrandRepository(_factory);
        var accounts = new AccountRepository(_factory);
        for (var i = 0; i < Accounts; i++)
        {
            await brands.UpsertAsync(new Brand(BrandOf(i), $"Brand {i}", null));
            await accounts.AddAsync(new Account(BrandOf(i), "mastodon", HandleOf(i)));
        }
    }

    [TearDown]
    public void DeleteStore()
    {
        _factory.ClearPool();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task Two_instances_collecting_at_once_take_every_account_once_and_store_every_post_once()
    {
        await using var api = await StartApiAsync();
        // Slow answers keep both instances' runs in flight together.
        api.Hold = _ => Task.Delay(Random.Shared.Next(5, 30));
        await using var one = Instance(api);
        await using var two = Instance(api);

        var summaries = await Task.WhenAll(one.Runner.RunOnceAsync("mastodon"), two.Runner.RunOnceAsync("mastodon"));

        var runs = summaries.SelectMany(s => s.Accounts).ToList();
        Assert.That(runs.Select(r => r.Outcome), Is.All.EqualTo(AccountRunOutcome.Succeeded), string.Join("; ", runs.Select(r => r.Error)));
        Assert.That(runs.Select(r => r.Handle).Order(StringComparer.Ordinal), Is.EqualTo(Enumerable.Range(0, Accounts).Select(HandleOf)), "each account once");
        Assert.That(summaries.Select(s => s.Accounts.Count), Is.All.GreaterThan(0), "both instances collected");
        for (var i = 0; i < Accounts; i++)
        {
            Assert.That(api.CountOf(StatusesOf(i)), Is.EqualTo(1), $"{HandleOf(i)} read once");
        }

        Assert.That(summaries.Sum(s => s.PostsInserted), Is.EqualTo(Accounts * PostsPerAccount));
        Assert.That(await ScalarAsync("""SELECT COUNT(*) FROM "posts" """), Is.EqualTo(Accounts * PostsPerAccount));
        Assert.That(await ScalarAsync("""SELECT COUNT(DISTINCT "post_id") FROM "posts" """), Is.EqualTo(Accounts * PostsPerAccount));
        Assert.That(await ScalarAsync("""SELECT COUNT(*) FROM "collector_state" """), Is.EqualTo(Accounts));
        Assert.That(await new AccountLeaseRepository(_factory).ListHeldAsync(), Is.Empty, "every lease released after its account");

        // The same pass again, at the same instant: every account ran in it already.
        var again = await one.Runner.RunOnceAsync("mastodon");
        Assert.That(again.Accounts, Is.Empty);
    }

    [TestCase("sqlite")]
    [TestCase("memory")]
    public async Task An_account_leased_by_another_instance_is_skipped_until_the_lease_expires(string storeKind)
    {
        await using var api = await StartApiAsync();
        ICollectorStore store;
        var lease = TimeSpan.FromMinutes(5);
        if (storeKind == "sqlite")
        {
            store = new SqlCollectorStore(_factory);
            var held = await new AccountLeaseRepository(_factory).TryLeaseAsync(new LeaseRequest("other-instance", "mastodon", 1, lease));
            Assert.That(held.Single().Account.Handle, Is.EqualTo(HandleOf(0)));
        }
        else
        {
            var memory = new InMemoryCollectorStore(_time);
            for (var i = 0; i < 2; i++)
            {
                memory.AddAccount(new Account(BrandOf(i), "mastodon", HandleOf(i)));
            }

            memory.Lease("other-instance", "mastodon", HandleOf(0), _time.GetUtcNow() + lease);
            store = memory;
        }

        await using var harness = Instance(api, store, lease);

        var first = await harness.Runner.RunOnceAsync("mastodon");
        Assert.That(first.Accounts.Select(a => a.Handle), Does.Not.Contain(HandleOf(0)), "held by the other instance");
        Assert.That(first.Accounts.Select(a => a.Handle), Does.Contain(HandleOf(1)));
        Assert.That(api.CountOf(StatusesOf(0)), Is.Zero);
        Assert.That(await store.GetStateAsync("mastodon", HandleOf(0), CancellationToken.None), Is.Null);

        // Still held a moment before the expiry; taken over once it expires (no heartbeat from its owner).
        _time.Advance(lease - TimeSpan.FromSeconds(1));
        var early = await harness.Runner.RunOnceAsync("mastodon");
        Assert.That(early.Accounts.Select(a => a.Handle), Does.Not.Contain(HandleOf(0)));
        _time.Advance(TimeSpan.FromSeconds(1));
        var taken = await harness.Runner.RunOnceAsync("mastodon");

        var run = taken.Accounts.Single(a => a.Handle == HandleOf(0));
        Assert.That(run.Outcome, Is.EqualTo(AccountRunOutcome.Succeeded), run.Error);
        Assert.That(run.PostsInserted, Is.EqualTo(PostsPerAccount));
        Assert.That(api.CountOf(StatusesOf(0)), Is.EqualTo(1));
    }

    [Test]
    public async Task A_run_whose_lease_was_lost_before_its_commit_writes_nothing()
    {
        await using var api = await StartApiAsync();
        await using var harness = Instance(api);
        // While the run reads its timeline, its lease expires and another instance claims the
        // account (the heartbeat has not beaten in between: a stalled instance).
        var stolen = 0;
        api.Hold = async request =>
        {
            if (request.Path == StatusesOf(0) && Interlocked.Increment(ref stolen) == 1)
            {
                await using var connection = await _factory.OpenAsync();
                await connection.ExecuteAsync(
                    """UPDATE "account_leases" SET "owner" = 'other-instance', "expires_at" = @until WHERE "handle" = @handle""",
                    new { until = UtcMicros.FromDateTimeOffset(_time.GetUtcNow().AddHours(1)), handle = HandleOf(0) });
            }
        };

        var summary = await harness.Runner.RunOnceAsync("mastodon");

        var lost = summary.Accounts.Single(a => a.Handle == HandleOf(0));
        Assert.That(lost.Outcome, Is.EqualTo(AccountRunOutcome.Failed));
        Assert.That(lost.Error, Does.StartWith("lease lost"));
        Assert.That(await ScalarAsync("""SELECT COUNT(*) FROM "posts" WHERE "author" = 'u0@social.example'"""), Is.Zero);
        Assert.That(await ScalarAsync("""SELECT COUNT(*) FROM "followers" WHERE "handle" = 'u0@social.example'"""), Is.Zero);
        Assert.That(await ScalarAsync("""SELECT COUNT(*) FROM "collector_state" WHERE "handle" = 'u0@social.example'"""), Is.Zero, "not even a failure state over the new holder's");
        var held = await new AccountLeaseRepository(_factory).ListHeldAsync();
        Assert.That(held.Select(l => (l.Handle, l.Owner)), Is.EqualTo(new[] { (HandleOf(0), "other-instance") }), "the new holder keeps its lease");
        Assert.That(summary.Accounts.Where(a => a.Handle != HandleOf(0)).Select(a => a.Outcome), Is.All.EqualTo(AccountRunOutcome.Succeeded));
    }

    [Test]
    public async Task A_lease_the_heartbeat_finds_lost_drops_the_run()
    {
        await using var api = await StartApiAsync();
        var memory = new InMemoryCollectorStore(_time);
        memory.AddAccount(new Account(BrandOf(0), "mastodon", HandleOf(0)));
        var lease = TimeSpan.FromMinutes(1);
        await using var harness = Instance(api, memory, lease);
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        api.Hold = request =>
        {
            if (request.Path == StatusesOf(0))
            {
                reading.TrySetResult();
                return release.Task;
            }

            return Task.CompletedTask;
        };

        var run = harness.Runner.RunOnceAsync("mastodon");
        await reading.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // Another instance took the account over; the next heartbeat (a quarter of the lease) finds it gone.
        memory.Lease("other-instance", "mastodon", HandleOf(0), _time.GetUtcNow().AddHours(1));
        _time.Advance(lease / 4);
        var summary = await run.WaitAsync(TimeSpan.FromSeconds(30));
        release.SetResult();

        var dropped = summary.Accounts.Single();
        Assert.That(dropped.Outcome, Is.EqualTo(AccountRunOutcome.Failed));
        Assert.That(dropped.Error, Does.StartWith("lease lost"));
        Assert.That(memory.Posts, Is.Empty);
        Assert.That(await memory.GetStateAsync("mastodon", HandleOf(0), CancellationToken.None), Is.Null);
    }

    private static string BrandOf(int i) => $"b{i}";

    private static string HandleOf(int i) => $"u{i}@social.example";

    private static string IdOf(int i) => (300 + i).ToString(CultureInfo.InvariantCulture);

    private static string StatusesOf(int i) => $"/api/v1/accounts/{IdOf(i)}/statuses";

    private CollectorHarness Instance(FakeApi api, ICollectorStore? store = null, TimeSpan? lease = null) =>
        CollectorHarness.Create(
            mastodon: api,
            time: _time,
            store: store ?? new SqlCollectorStore(_factory),
            settings: new Dictionary<string, string?>
            {
                ["Collectors:Mastodon:MaxConcurrency"] = "3",
                ["Collectors:Mastodon:LeaseDuration"] = (lease ?? TimeSpan.FromMinutes(5)).ToString("c", CultureInfo.InvariantCulture),
            });

    /// <summary>social.example with <see cref="Accounts"/> accounts u0..u9, each with two recent posts that nobody answered.</summary>
    private async Task<FakeApi> StartApiAsync()
    {
        var api = await FakeApi.StartAsync(_time);
        api.On(MastodonFake.Lookup, request =>
        {
            var acct = request.Query["acct"].ToString();
            var i = Enumerable.Range(0, Accounts).FirstOrDefault(n => HandleOf(n) == acct, -1);
            return i < 0
                ? new Reply(404, """{"error":"Record not found"}""", MastodonFake.Limits(_time))
                : Reply.Json($$"""{"id":"{{IdOf(i)}}","username":"u{{i}}","acct":"u{{i}}","followers_count":{{100 + i}},"suspended":false}""", MastodonFake.Limits(_time));
        });
        for (var i = 0; i < Accounts; i++)
        {
            var statuses = string.Join(",", Enumerable.Range(0, PostsPerAccount).Select(n => Status(i, n)));
            api.On(StatusesOf(i), _ => Reply.Json($"[{statuses}]", MastodonFake.Limits(_time)));
        }

        return api;
    }

    private static string Status(int account, int n) => $$$"""
        {"id":"{{{500000 + (account * 10) + n}}}","created_at":"2025-03-1{{{n}}}T10:00:00.000Z","in_reply_to_id":null,"in_reply_to_account_id":null,
         "visibility":"public","replies_count":0,"reblogs_count":1,"favourites_count":2,"reblog":null,"mentions":[],
         "account":{"id":"{{{IdOf(account)}}}","username":"u{{{account}}}","acct":"u{{{account}}}","followers_count":{{{100 + account}}}}}
        """;

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await _factory.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}
