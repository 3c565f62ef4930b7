using Engagement.Collectors.Tests.Infrastructure;

namespace Engagement.Collectors.Tests;

/// <summary>
/// Stopping at any moment loses nothing and duplicates nothing: a run commits its posts and its
/// cursor together or not at all. (In-process stand-in for a kill: the run is cancelled mid-way.)
/// </summary>
public sealed class DurabilityTests
{
    [Test]
    public async Task A_run_stopped_midway_commits_nothing_and_the_next_run_stores_everything_once()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeMastodonAcme(time);
        await using var harness = CollectorHarness.Create(mastodon: api, time: time);
        harness.Track("acme", "mastodon", MastodonFake.Handle);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var onPage2 = 0;
        api.Hold = request => request.Query["max_id"] == MastodonFake.Page2MaxId && Interlocked.Increment(ref onPage2) == 1 ? release.Task : Task.CompletedTask;
        using var stop = new CancellationTokenSource();

        var run = harness.Runner.RunOnceAsync("mastodon", ct: stop.Token);
        await Eventually.That(() => onPage2 == 1);
        await stop.CancelAsync();

        Assert.That(async () => await run, Throws.InstanceOf<OperationCanceledException>());
        release.SetResult();
        Assert.That(harness.Memory.Posts, Is.Empty, "page 1 was read but not committed");
        Assert.That(await harness.StateAsync("mastodon", MastodonFake.Handle), Is.Null, "no cursor ran ahead of the data");

        var summary = await harness.Runner.RunOnceAsync("mastodon");
        var again = await harness.Runner.RunOnceAsync("mastodon");

        Assert.That(summary.PostsInserted, Is.EqualTo(7));
        Assert.That(again.PostsInserted, Is.Zero);
        Assert.That(harness.Memory.Posts.Select(p => p.PostId).Distinct().Count(), Is.EqualTo(7));
    }
}
