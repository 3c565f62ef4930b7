using Engagement.Collectors.Tests.Infrastructure;
using Engagement.Data.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Engagement.Collectors.Tests;

/// <summary>A pass that collected an account tells the store's change listeners (the alert rules); a pass that collected nothing does not.</summary>
public sealed class StoreChangeListenerTests
{
    [Test]
    public async Task A_pass_that_collected_tells_the_listeners_once_and_a_failed_pass_does_not()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        var listener = new RecordingListener();
        await using var api = (await FakeApi.StartAsync(time)).ServeMastodonAcme(time);
        await using var harness = CollectorHarness.Create(mastodon: api, time: time, services: s => s.AddSingleton<IStoreChangeListener>(listener));
        harness.Track("acme", "mastodon", MastodonFake.Handle);
        harness.Track("ghost", "bluesky", "ghost.bsky.social");

        await harness.Runner.RunOnceAsync("mastodon");
        await harness.Runner.RunOnceAsync("bluesky");

        Assert.That(listener.Causes, Is.EqualTo(new[] { "collect:mastodon" }), "the Bluesky account failed (no server): nothing new");
    }

    private sealed class RecordingListener : IStoreChangeListener
    {
        public List<string> Causes { get; } = [];

        public Task StoreChangedAsync(string cause, CancellationToken ct)
        {
            Causes.Add(cause);
            return Task.CompletedTask;
        }
    }
}
