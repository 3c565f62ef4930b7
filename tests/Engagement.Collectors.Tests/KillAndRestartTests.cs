using System.Diagnostics;
using Dapper;
using Engagement.Collectors.Tests.Infrastructure;
using Engagement.Data.Store;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;

namespace Engagement.Collectors.Tests;

/// <summary>
/// A collector process (Mastodon, X) killed at any moment, then started again, loses no post and duplicates
/// none: the posts, the follower snapshot and the cursor of a run commit in one transaction. The
/// killed process's lease keeps the account from others until it expires.
/// </summary>
[NonParallelizable]
public sealed class KillAndRestartTests
{
    private string _folder = "";
    private string _database = "";
    private SqliteConnectionFactory _factory = null!;

    [SetUp]
    public async Task CreateStoreAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "engagement-collector-kill", Guid.NewGuid().ToString("N"));
        _database = Path.Combine(_folder, "store.db");
        _factory = new SqliteConnectionFactory(_database);
        await new StoreMigrator(_factory).MigrateAsync();
        await new BrandRepository(_factory).UpsertAsync(new Brand("acme", "Acme", null));
        await new AccountRepository(_factory).AddAsync(new Account("acme", "mastodon", MastodonFake.Handle));
        await new AccountRepository(_factory).AddAsync(new Account("acme", "x", XFake.Handle));
    }

    [TearDown]
    public void DeleteStore()
    {
        _factory.ClearPool();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task Killed_just_before_its_commit_then_restarted_stores_every_post_once()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeMastodonAcme(time);
        // The context of S1 (the oldest post with replies) is the run's last request: everything
        // else is read, nothing committed yet.
        await KillOnRequestAsync(api, MastodonFake.Context("113800000000000001"), "mastodon");

        Assert.That(await CountAsync("posts"), Is.Zero);
        Assert.That(await CountAsync("collector_state"), Is.Zero);

        // The killed process still holds the account's lease: a new process leaves it alone...
        using (var early = StartChild(api))
        {
            await early.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.That(early.ExitCode, Is.Zero, await early.StandardError.ReadToEndAsync());
        }

        Assert.That(await CountAsync("posts"), Is.Zero, "leased by the killed process");
        // ...until the lease expires (no heartbeat any more), when it takes the account over.
        await ExpireLeasesAsync();

        using (var restarted = StartChild(api))
        {
            await restarted.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.That(restarted.ExitCode, Is.Zero, await restarted.StandardError.ReadToEndAsync());
        }

        Assert.That(await CountAsync("posts"), Is.EqualTo(7));
        Assert.That(await CountAsync("followers"), Is.EqualTo(1));
        Assert.That(await CountAsync("collector_state"), Is.EqualTo(1));
    }

    [Test]
    public async Task Killed_at_random_moments_the_store_holds_all_of_a_run_or_none_of_it()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeMastodonAcme(time);
        // Slow answers spread the run over a few hundred milliseconds to kill it in.
        api.Hold = _ => Task.Delay(Random.Shared.Next(5, 40));

        var outcomes = new List<long>();
        // A child run takes a few hundred ms from its first request (JIT included): kills before, around and after its commit.
        foreach (var killAfterMs in new[] { 0, 150, 300, 340, 380, 420, 800 })
        {
            var before = api.Requests.Count;
            using var child = StartChild(api);
            // Counted from the child's first request, so the kill lands inside the run (or just after it).
            await Eventually.That(() => api.Requests.Count > before || child.HasExited, 30_000);
            await Task.Delay(killAfterMs);
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
            }

            await child.WaitForExitAsync();
            // A killed run's lease would expire after the lease duration: fast-forward that.
            await ExpireLeasesAsync();
            var posts = await CountAsync("posts");
            var states = await CountAsync("collector_state");
            Assert.That((posts, states), Is.EqualTo((0L, 0L)).Or.EqualTo((7L, 1L)), $"killed {killAfterMs} ms into the run");
            outcomes.Add(posts);
        }

        TestContext.Out.WriteLine($"posts after each kill: {string.Join(", ", outcomes)}");
        api.Hold = null;
        using (var last = StartChild(api))
        {
            await last.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }

        Assert.That(await CountAsync("posts"), Is.EqualTo(7));
        await using var connection = await _factory.OpenAsync();
        Assert.That(await connection.ExecuteScalarAsync<long>("""SELECT COUNT(DISTINCT "post_id") FROM "posts" """), Is.EqualTo(7));
    }

    [Test]
    public async Task Killed_on_its_last_request_then_restarted_stores_every_post_once_and_a_second_pass_changes_nothing()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeXAcme(time);
        // The mentions page is the run's last request: both pages of posts are read, nothing committed.
        await KillOnRequestAsync(api, XFake.Mentions, "x");

        Assert.That((await CountAsync("posts"), await CountAsync("followers"), await CountAsync("collector_state")), Is.EqualTo((0L, 0L, 0L)));
        await ExpireLeasesAsync();

        await RunChildAsync(api, "x");
        Assert.That((await CountAsync("posts"), await CountAsync("followers"), await CountAsync("collector_state")), Is.EqualTo((8L, 1L, 1L)));
        var before = await SnapshotAsync();
        var requests = api.Requests.Count;

        await RunChildAsync(api, "x", minutesLater: 60);
        Assert.That(api.Requests.Count - requests, Is.EqualTo(4), "the second pass ran: lookup, two pages of posts, mentions");
        Assert.That(await SnapshotAsync(), Is.EqualTo(before), "a second pass changes nothing");
    }

    [Test]
    public async Task A_facebook_run_killed_before_its_commit_then_restarted_stores_every_post_once_and_a_second_pass_changes_nothing()
    {
        await new AccountRepository(_factory).AddAsync(new Account("acme", "facebook", FacebookFake.Handle));
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeFacebookAcme();
        // The comments of the last post are the run's last request: everything else is read, nothing committed.
        await KillOnRequestAsync(api, FacebookFake.Comments("1000000001_2004"), "facebook");

        Assert.That((await CountAsync("posts"), await CountAsync("followers"), await CountAsync("collector_state")), Is.EqualTo((0L, 0L, 0L)));
        await ExpireLeasesAsync();

        List<string>? first = null;
        foreach (var minutesLater in new[] { 0, 60 })
        {
            await RunChildAsync(api, "facebook", minutesLater);
            Assert.That((await CountAsync("posts"), await CountAsync("followers"), await CountAsync("collector_state")), Is.EqualTo((11L, 1L, 1L)));
            var rows = await SnapshotAsync();
            Assert.That(rows, Is.EqualTo(first ?? rows), "a second pass changes nothing");
            first = rows;
        }
    }

    /// <summary>Starts a collector process that stops on <paramref name="path"/> (everything read, nothing committed) and kills it there.</summary>
    private async Task KillOnRequestAsync(FakeApi api, string path, string network)
    {
        var reachedLastRequest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        api.Hold = request =>
        {
            if (request.Path == path && !never.Task.IsCompleted)
            {
                reachedLastRequest.TrySetResult();
                return never.Task;
            }

            return Task.CompletedTask;
        };

        using (var child = StartChild(api, _database, network))
        {
            await reachedLastRequest.Task.WaitAsync(TimeSpan.FromSeconds(30));
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }

        never.SetResult();
    }

    private async Task RunChildAsync(FakeApi api, string network, int minutesLater = 0)
    {
        using var child = StartChild(api, _database, network, minutesLater);
        await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.That(child.ExitCode, Is.Zero, await child.StandardError.ReadToEndAsync() + await child.StandardOutput.ReadToEndAsync());
    }

    private async Task<List<string>> SnapshotAsync()
    {
        await using var connection = await _factory.OpenAsync();
        var rows = await connection.QueryAsync<string>(
            """
            SELECT "post_id" || '|' || "author" || '|' || "created_at" || '|' || COALESCE("in_reply_to_post", '') || '|' || COALESCE("in_reply_to_author", '')
                || '|' || COALESCE((SELECT group_concat("handle", ';') FROM (SELECT m."handle" FROM "post_mentions" m
                    WHERE m."network" = p."network" AND m."post_id" = p."post_id" ORDER BY m."handle")), '')
                || '|' || "likes" || '|' || "shares" || '|' || "quotes" || '|' || "replies" || '|' || COALESCE("views", -1)
            FROM "posts" p ORDER BY "post_id"
            """);
        return [.. rows];
    }

    private Process StartChild(FakeApi api) => StartChild(api, _database);

    /// <summary>A collector process over <paramref name="database"/> against <paramref name="api"/>, for <paramref name="network"/>.</summary>
    internal static Process StartChild(FakeApi api, string database, string network = "mastodon", int minutesLater = 0)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { typeof(Program).Assembly.Location, "collect-child", database, api.Root.ToString(), network, minutesLater.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    /// <summary>What the lease duration without a heartbeat does to a killed process's leases.</summary>
    private async Task ExpireLeasesAsync()
    {
        await using var connection = await _factory.OpenAsync();
        await connection.ExecuteAsync("""UPDATE "account_leases" SET "expires_at" = 0 WHERE "owner" IS NOT NULL""");
    }

    private async Task<long> CountAsync(string table)
    {
        await using var connection = await _factory.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"""SELECT COUNT(*) FROM "{table}" """);
    }
}
