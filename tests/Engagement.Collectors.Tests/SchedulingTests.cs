using Engagement.Collectors.Engine;
using Engagement.Collectors.Storage;
using Engagement.Collectors.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;

namespace Engagement.Collectors.Tests;

/// <summary>The background workers, on the fake clock: a pass at start, then one per interval.</summary>
public sealed class SchedulingTests
{
    private static readonly Dictionary<string, string?> MastodonOnly = new()
    {
        ["Collectors:Bluesky:Enabled"] = "false",
        ["Collectors:YouTube:Enabled"] = "false",
    };

    [Test]
    public async Task The_worker_runs_at_start_then_every_interval_and_keeps_one_snapshot_per_day()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeMastodonAcme(time);
        await using var harness = CollectorHarness.Create(mastodon: api, time: time, settings: MastodonOnly);
        harness.Track("acme", "mastodon", MastodonFake.Handle);

        await harness.Host.StartAsync();
        await Eventually.That(async () => (await harness.StateAsync("mastodon", MastodonFake.Handle))?.LastSuccessAt == CollectorHarness.Start);
        Assert.That(api.CountOf(MastodonFake.Lookup), Is.EqualTo(1));

        api.ServeMastodonAcme(time, later: true);
        time.Advance(TimeSpan.FromHours(1));
        await Eventually.That(async () => (await harness.StateAsync("mastodon", MastodonFake.Handle))?.LastSuccessAt == CollectorHarness.Start.AddHours(1));
        await harness.Host.StopAsync();

        Assert.That(api.CountOf(MastodonFake.Lookup), Is.EqualTo(2));
        Assert.That(harness.Memory.Posts, Has.Count.EqualTo(9));
        Assert.That(harness.Memory.Followers, Has.Count.EqualTo(1), "same UTC day: the snapshot is replaced");
    }

    [Test]
    public async Task A_failing_account_is_retried_with_growing_backoff_not_every_tick()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeMastodonAcme(time);
        await using var harness = CollectorHarness.Create(mastodon: api, time: time, settings: MastodonOnly);
        harness.Track("gone", "mastodon", "gone@social.example");
        harness.Track("acme", "mastodon", MastodonFake.Handle);
        int Lookups(string acct) => api.Requests.Count(r => r.Path == MastodonFake.Lookup && r.Query["acct"] == acct);

        await harness.Host.StartAsync();
        var lookupsPerHour = new List<int>();
        for (var hour = 0; hour < 8; hour++)
        {
            if (hour > 0)
            {
                time.Advance(TimeSpan.FromHours(1));
            }

            var expected = hour + 1;
            await Eventually.That(() => Lookups(MastodonFake.Handle) == expected);
            await Eventually.That(async () => (await harness.StateAsync("mastodon", MastodonFake.Handle))?.LastSuccessAt == CollectorHarness.Start.AddHours(hour));
            lookupsPerHour.Add(Lookups("gone@social.example"));
        }

        await harness.Host.StopAsync();

        // Failures at hours 0, 1, 3 and 7: waits of 1, 2 and 4 intervals.
        Assert.That(lookupsPerHour, Is.EqualTo(new[] { 1, 2, 2, 3, 3, 3, 3, 4 }));
        var gone = await harness.StateAsync("mastodon", "gone@social.example");
        Assert.That((gone!.Health, gone.ConsecutiveFailures, gone.NextRunAt), Is.EqualTo((CollectorHealth.Unavailable, 4, (DateTimeOffset?)CollectorHarness.Start.AddHours(15))));
    }

    [Test]
    public async Task A_network_without_its_api_key_does_not_start()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var harness = CollectorHarness.Create(time: time, settings: new Dictionary<string, string?>
        {
            ["Collectors:YouTube:ApiKey"] = "",
            ["Collectors:Mastodon:Enabled"] = "false",
            ["Collectors:Bluesky:Enabled"] = "false",
        });
        harness.Track("acme", "youtube", YouTubeFake.Handle);

        var summary = await harness.Runner.RunOnceAsync();

        Assert.That(summary.Accounts, Is.Empty);
        Assert.That(summary.Notes, Has.One.Contains("Collectors:YouTube:ApiKey"));
    }

    [Test]
    public async Task An_unknown_network_is_refused_with_the_supported_ones()
    {
        await using var harness = CollectorHarness.Create();

        var error = Assert.ThrowsAsync<ArgumentException>(() => harness.Runner.RunOnceAsync("tiktok"));

        Assert.That(error!.Message, Does.Contain("'tiktok'").And.Contain("mastodon, bluesky, youtube, facebook, instagram, x"));
    }

    [Test]
    public async Task Unusable_settings_are_refused_with_the_key_to_fix()
    {
        await using var harness = CollectorHarness.Create(settings: new Dictionary<string, string?> { ["Collectors:Bluesky:RateLimit"] = "0" });

        var error = Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => harness.Runner.RunOnceAsync());

        Assert.That(error!.Message, Does.Contain("Collectors:Bluesky:RateLimit must be at least 1"));
    }
}
