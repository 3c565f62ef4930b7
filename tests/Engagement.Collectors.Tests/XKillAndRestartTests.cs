using Dapper;
using Engagement.Collectors.Tests.Infrastructure;
using Engagement.Data.Store;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;

namespace Engagement.Collectors.Tests;

/// <summary>
/// The X collector in a real process killed in the middle of a run, then restarted: no post lost
/// or duplicated, and a further pass changes nothing.
/// </summary>
[NonParallelizable]
public sealed class XKillAndRestartTests
{
    private string _folder = "";
    private string _database = "";
    private SqliteConnectionFactory _factory = null!;

    [SetUp]
    public async Task CreateStoreAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "engagement-collector-kill-x", Guid.NewGuid().ToString("N"));
        _database = Path.Combine(_folder, "store.db");
        _factory = new SqliteConnectionFactory(_database);
        await new StoreMigrator(_factory).MigrateAsync();
        await new BrandRepository(_factory).UpsertAsync(new Brand("acme", "Acme", null));
        await new AccountRepository(_factory).AddAsync(new Account("acme", "x", XFake.Handle));
    }

    [TearDown]
    public void DeleteStore()
    {
        _factory.ClearPool();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task Killed_on_its_last_request_then_restarted_stores_every_post_once_and_a_second_pass_changes_nothing()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeXAcme(time);
        var reachedLastRequest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The mentions page is the run's last request: both pages of posts are read, nothing committed.
        api.Hold = request =>
        {
            if (request.Path == XFake.Mentions && !never.Task.IsCompleted)
            {
                reachedLastRequest.TrySetResult();
                return never.Task;
            }

            return Task.CompletedTask;
        };

        using (var child = KillAndRestartTests.StartChild(api, _database, "x"))
        {
            await reachedLastRequest.Task.WaitAsync(TimeSpan.FromSeconds(30));
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }

        Assert.That((await CountAsync("posts"), await CountAsync("followers"), await CountAsync("collector_state")), Is.EqualTo((0L, 0L, 0L)));
        never.SetResult();
        // What the lease duration without a heartbeat does to the killed process's lease.
        await using (var connection = await _factory.OpenAsync())
        {
            await connection.ExecuteAsync("""UPDATE "account_leases" SET "expires_at" = 0 WHERE "owner" IS NOT NULL""");
        }

        await RunChildAsync(api);
        Assert.That((await CountAsync("posts"), await CountAsync("followers"), await CountAsync("collector_state")), Is.EqualTo((8L, 1L, 1L)));
        var before = await SnapshotAsync();
        var requests = api.Requests.Count;

        await RunChildAsync(api, minutesLater: 60);
        Assert.That(api.Requests.Count - requests, Is.EqualTo(4), "the second pass ran: lookup, two pages of posts, mentions");
        Assert.That(await SnapshotAsync(), Is.EqualTo(before), "a second pass changes nothing");
    }

    private async Task RunChildAsync(FakeApi api, int minutesLater = 0)
    {
        using var child = KillAndRestartTests.StartChild(api, _database, "x", minutesLater);
        await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.That(child.ExitCode, Is.Zero, await child.StandardError.ReadToEndAsync() + await child.StandardOutput.ReadToEndAsync());
    }

    private async Task<List<string>> SnapshotAsync()
    {
        await using var connection = await _factory.OpenAsync();
        var rows = await connection.QueryAsync<string>(
            """
            SELECT "post_id" || '|' || "author" || '|' || "created_at" || '|' || COALESCE("in_reply_to_post", '') || '|' || COALESCE("in_reply_to_author", '')
                || '|' || COALESCE("mentions", '') || '|' || "likes" || '|' || "shares" || '|' || "quotes" || '|' || "replies" || '|' || COALESCE("views", -1)
            FROM "posts" ORDER BY "post_id"
            """);
        return [.. rows];
    }

    private async Task<long> CountAsync(string table)
    {
        await using var connection = await _factory.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"""SELECT COUNT(*) FROM "{table}" """);
    }
}
