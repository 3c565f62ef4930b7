using System.Diagnostics;
using Dapper;
using Engagement.Collectors.Tests.Infrastructure;
using Engagement.Data.Store;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;

namespace Engagement.Collectors.Tests;

/// <summary>
/// A collector process killed at any moment, then started again, loses no post and duplicates
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
        var reachedLastRequest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The context of A1 is the run's last request: everything is read, nothing committed yet.
        api.Hold = request =>
        {
            if (request.Path == MastodonFake.Context("113800000000000011") && !never.Task.IsCompleted)
            {
                reachedLastRequest.TrySetResult();
                return never.Task;
            }

            return Task.CompletedTask;
        };

        using (var child = StartChild(api))
        {
            await reachedLastRequest.Task.WaitAsync(TimeSpan.FromSeconds(30));
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }

        Assert.That(await CountAsync("posts"), Is.Zero);
        Assert.That(await CountAsync("collector_state"), Is.Zero);
        never.SetResult();

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
    public async Task A_facebook_run_killed_before_its_commit_then_restarted_stores_every_post_once_and_a_second_pass_changes_nothing()
    {
        await new AccountRepository(_factory).AddAsync(new Account("acme", "facebook", FacebookFake.Handle));
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeFacebookAcme();
        var reachedLastRequest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The comments of the last post are the run's last request: everything else is read, nothing committed.
        api.Hold = request =>
        {
            if (request.Path == FacebookFake.Comments("1000000001_2004") && !never.Task.IsCompleted)
            {
                reachedLastRequest.TrySetResult();
                return never.Task;
            }

            return Task.CompletedTask;
        };
        var root = GraphFake.Root(api).ToString();

        using (var child = StartChild(root, "facebook"))
        {
            await reachedLastRequest.Task.WaitAsync(TimeSpan.FromSeconds(30));
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }

        Assert.That((await CountAsync("posts"), await CountAsync("followers"), await CountAsync("collector_state")), Is.EqualTo((0L, 0L, 0L)));
        never.SetResult();
        await ExpireLeasesAsync();

        foreach (var pass in new[] { "restarted", "second pass" })
        {
            using var run = StartChild(root, "facebook");
            await run.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.That(run.ExitCode, Is.Zero, await run.StandardError.ReadToEndAsync());
            Assert.That((await CountAsync("posts"), await CountAsync("followers"), await CountAsync("collector_state")), Is.EqualTo((11L, 1L, 1L)), pass);
        }
    }

    private Process StartChild(FakeApi api) => StartChild(api.Root.ToString(), "mastodon");

    private Process StartChild(string baseUrl, string network)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { typeof(Program).Assembly.Location, "collect-child", _database, baseUrl, network })
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
