using Engagement.Collectors.Engine;
using Engagement.Collectors.Storage;
using Engagement.Collectors.Tests.Infrastructure;

namespace Engagement.Collectors.Tests;

/// <summary>Retries, rate-limit waits, failures: all on the fake clock, so the waits are exact and instant.</summary>
public sealed class ResilienceTests
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(1);

    private static async Task<(FakeApi Api, CollectorHarness Harness)> MastodonAsync(IDictionary<string, string?>? settings = null)
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        var api = (await FakeApi.StartAsync(time)).ServeMastodonAcme(time);
        var harness = CollectorHarness.Create(mastodon: api, time: time, settings: settings);
        harness.Track("acme", "mastodon", MastodonFake.Handle);
        return (api, harness);
    }

    [Test]
    public async Task A_server_error_then_success_is_retried_after_a_jittered_backoff()
    {
        var (api, harness) = await MastodonAsync();
        await using var _ = api;
        await using var __ = harness;
        api.Once(MastodonFake.Statuses, new Reply(500, """{"error":"Internal server error"}"""), new Reply(503, "<html>upstream</html>"));

        var summary = await harness.Runner.RunOnceAsync("mastodon");

        Assert.That(summary.Accounts.Single().Outcome, Is.EqualTo(AccountRunOutcome.Succeeded), summary.Accounts.Single().Error);
        Assert.That(harness.Memory.Posts, Has.Count.EqualTo(7));
        // Base delay 2 s, exponential with jitter: two waits, none of them long, no real sleep.
        Assert.That(harness.Time.Sleeps, Has.Count.EqualTo(2));
        Assert.That(harness.Time.Sleeps.All(s => s > TimeSpan.Zero && s < TimeSpan.FromSeconds(20)), Is.True, string.Join(", ", harness.Time.Sleeps));
        Assert.That(summary.Accounts.Single().Requests, Is.EqualTo(api.Requests.Count));
    }

    [Test]
    public async Task A_mastodon_429_without_retry_after_waits_until_the_iso_reset()
    {
        var (api, harness) = await MastodonAsync();
        await using var _ = api;
        await using var __ = harness;
        var reset = CollectorHarness.Start.AddSeconds(90);
        api.Once(MastodonFake.Statuses, new Reply(429, """{"error":"Too many requests"}""", new Dictionary<string, string>
        {
            ["X-RateLimit-Limit"] = "300",
            ["X-RateLimit-Remaining"] = "0",
            ["X-RateLimit-Reset"] = MastodonFake.Iso(reset),
        }));

        var summary = await harness.Runner.RunOnceAsync("mastodon");

        Assert.That(summary.Accounts.Single().Outcome, Is.EqualTo(AccountRunOutcome.Succeeded), summary.Accounts.Single().Error);
        Assert.That(harness.Time.Sleeps, Is.EqualTo(new[] { TimeSpan.FromSeconds(90) + Margin }));
        var retried = api.Requests.Where(r => r.Path == MastodonFake.Statuses).ToList();
        Assert.That(retried[1].At, Is.GreaterThanOrEqualTo(reset), "the retry waits for the reset");
        var status = (await harness.Status.GetAsync()).Single();
        Assert.That((status.RateLimited, status.RequestsMade, status.PostsStored), Is.EqualTo((1L, (long)api.Requests.Count, 7L)));
        Assert.That(status.LastSuccessAt, Is.EqualTo(CollectorHarness.Start));
        Assert.That(status.NextRunAt, Is.EqualTo(CollectorHarness.Start.AddHours(1)));
    }

    [Test]
    public async Task A_bluesky_429_waits_for_retry_after()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeBlueskyAcme(time);
        await using var harness = CollectorHarness.Create(bluesky: api, time: time);
        harness.Track("acme", "bluesky", BlueskyFake.Handle);
        var headers = BlueskyFake.Limits(time, remaining: 0);
        headers["Retry-After"] = "30";
        api.Once(BlueskyFake.Feed, new Reply(429, """{"error":"RateLimitExceeded","message":"Rate Limit Exceeded"}""", headers));

        var summary = await harness.Runner.RunOnceAsync("bluesky");

        Assert.That(summary.Accounts.Single().Outcome, Is.EqualTo(AccountRunOutcome.Succeeded), summary.Accounts.Single().Error);
        Assert.That(time.Sleeps, Is.EqualTo(new[] { TimeSpan.FromSeconds(30) + Margin }), "Retry-After wins over RateLimit-Reset");
        Assert.That(summary.Accounts.Single().RateLimited, Is.EqualTo(1));
    }

    [Test]
    public async Task A_bluesky_429_with_only_the_reset_header_waits_until_that_epoch_second()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeBlueskyAcme(time);
        await using var harness = CollectorHarness.Create(bluesky: api, time: time);
        harness.Track("acme", "bluesky", BlueskyFake.Handle);
        api.Once(BlueskyFake.Feed, new Reply(429, """{"error":"RateLimitExceeded","message":"Rate Limit Exceeded"}""", BlueskyFake.Limits(time, remaining: 0)));

        var summary = await harness.Runner.RunOnceAsync("bluesky");

        Assert.That(summary.Accounts.Single().Outcome, Is.EqualTo(AccountRunOutcome.Succeeded));
        Assert.That(time.Sleeps, Is.EqualTo(new[] { TimeSpan.FromMinutes(5) + Margin }));
    }

    [Test]
    public async Task A_429_asking_for_more_than_the_longest_wait_fails_the_run_instead_of_holding_a_worker()
    {
        var (api, harness) = await MastodonAsync();
        await using var _ = api;
        await using var __ = harness;
        api.Once(MastodonFake.Statuses, new Reply(429, """{"error":"Too many requests"}""", new Dictionary<string, string> { ["Retry-After"] = "3600" }));

        var summary = await harness.Runner.RunOnceAsync("mastodon");

        Assert.That(summary.Accounts.Single().Outcome, Is.EqualTo(AccountRunOutcome.Failed));
        Assert.That(summary.Accounts.Single().Error, Does.Contain("429"));
        Assert.That(api.CountOf(MastodonFake.Statuses), Is.EqualTo(1));
        Assert.That(harness.Memory.Posts, Is.Empty);
    }

    [Test]
    public async Task Malformed_json_fails_the_account_cleanly_and_stores_nothing_of_it()
    {
        var (api, harness) = await MastodonAsync();
        await using var _ = api;
        await using var __ = harness;
        harness.Track("beta", "mastodon", MastodonFake.BetaHandle);
        api.On(MastodonFake.Statuses, request => request.Query["max_id"] == MastodonFake.Page2MaxId
            ? Reply.Json("""[{"id":"113800000000000001","created_at":"2025-03-01T09:00:00.000Z","account":{"id":"1" """)
            : Reply.Fixture("mastodon/statuses-page1.json", new Dictionary<string, string>
            {
                ["Link"] = $"<https://social.example{MastodonFake.Statuses}?max_id={MastodonFake.Page2MaxId}>; rel=\"next\"",
            }));

        var summary = await harness.Runner.RunOnceAsync("mastodon");

        var acme = summary.Accounts.Single(a => a.Handle == MastodonFake.Handle);
        Assert.That(acme.Outcome, Is.EqualTo(AccountRunOutcome.Failed));
        Assert.That(acme.Error, Does.StartWith("JsonException"));
        Assert.That(summary.Accounts.Single(a => a.Handle == MastodonFake.BetaHandle).Outcome, Is.EqualTo(AccountRunOutcome.Succeeded));
        Assert.That(harness.Memory.Posts, Is.Empty, "page 1 was fine, but nothing of the run is committed");
        Assert.That(harness.Memory.Followers.Select(f => f.Handle), Is.EqualTo(new[] { MastodonFake.BetaHandle }));
        Assert.That(api.CountOf(MastodonFake.Statuses), Is.EqualTo(2), "a parse error is not retried");
        var state = await harness.StateAsync("mastodon", MastodonFake.Handle);
        Assert.That((state!.Health, state.Cursor, state.BackfilledAt, state.ConsecutiveFailures), Is.EqualTo((CollectorHealth.Failing, (string?)null, (DateTimeOffset?)null, 1)));
    }

    [Test]
    public async Task A_truncated_body_is_retried_as_a_network_error_then_fails_cleanly()
    {
        var (api, harness) = await MastodonAsync();
        await using var _ = api;
        await using var __ = harness;
        api.On(MastodonFake.Context("113800000000000001"), _ => Reply.Fixture("mastodon/context-s1.json") with { Truncate = true });

        var summary = await harness.Runner.RunOnceAsync("mastodon");

        Assert.That(summary.Accounts.Single().Outcome, Is.EqualTo(AccountRunOutcome.Failed));
        Assert.That(api.CountOf(MastodonFake.Context("113800000000000001")), Is.EqualTo(5), "the first attempt and 4 retries");
        Assert.That(harness.Time.Sleeps, Has.Count.EqualTo(4));
        Assert.That(harness.Memory.Posts, Is.Empty);
        Assert.That(harness.Memory.Followers, Is.Empty);
    }

    [Test]
    public async Task A_hung_request_times_out_on_the_clock_and_is_retried()
    {
        var (api, harness) = await MastodonAsync();
        await using var _ = api;
        await using var __ = harness;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = 0;
        api.Hold = request => request.Path == MastodonFake.Statuses && Interlocked.Increment(ref held) == 1 ? release.Task : Task.CompletedTask;

        var run = harness.Runner.RunOnceAsync("mastodon");
        await Eventually.That(() => held >= 1);
        harness.Time.Advance(TimeSpan.FromSeconds(31));
        var summary = await run;
        release.SetResult();

        Assert.That(summary.Accounts.Single().Outcome, Is.EqualTo(AccountRunOutcome.Succeeded), summary.Accounts.Single().Error);
        Assert.That(api.Requests.Count(r => r.Path == MastodonFake.Statuses && r.Query["max_id"].Count == 0), Is.EqualTo(2));
        Assert.That(harness.Memory.Posts, Has.Count.EqualTo(7));
    }

    [Test]
    public async Task Repeated_server_errors_open_the_circuit_and_later_calls_fail_fast()
    {
        var (api, harness) = await MastodonAsync(new Dictionary<string, string?>
        {
            ["Collectors:Mastodon:BreakerMinimumThroughput"] = "3",
            ["Collectors:Mastodon:BreakerFailureRatio"] = "0.5",
        });
        await using var _ = api;
        await using var __ = harness;
        api.On(MastodonFake.Statuses, new Reply(502, "<html>bad gateway</html>"));

        var first = await harness.Runner.RunOnceAsync("mastodon");
        var sent = api.Requests.Count;
        var second = await harness.Runner.RunOnceAsync("mastodon");

        Assert.That(first.Accounts.Single().Error, Does.Contain("BrokenCircuitException"));
        Assert.That(api.CountOf(MastodonFake.Statuses), Is.LessThan(5), "the breaker cut the retries short");
        Assert.That(second.Accounts.Single().Outcome, Is.EqualTo(AccountRunOutcome.Failed));
        Assert.That(api.Requests, Has.Count.EqualTo(sent), "while open, nothing reaches the server");
    }
}
