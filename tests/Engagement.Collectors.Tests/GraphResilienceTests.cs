using Engagement.Collectors.Engine;
using Engagement.Collectors.Storage;
using Engagement.Collectors.Tests.Infrastructure;

namespace Engagement.Collectors.Tests;

/// <summary>
/// The Graph API's throttling (error codes and usage headers, no 429), token errors and broken
/// answers, on the fake clock: waits are exact and instant.
/// </summary>
public sealed class GraphResilienceTests
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(1);

    [TestCase(403, "facebook/error-app-limit.json", TestName = "Code 4 (application limit) waits a minute, then retries")]
    [TestCase(403, "facebook/error-user-limit.json", TestName = "Code 17 (user limit) waits a minute, then retries")]
    [TestCase(400, "facebook/error-page-limit.json", TestName = "Code 32 (page limit) waits a minute, then retries")]
    public async Task A_throttling_code_without_an_estimate_waits_then_retries(int status, string fixture)
    {
        var (api, harness) = await FacebookCollectorTests.StartAsync();
        await using var _ = api;
        await using var __ = harness;
        api.Once(FacebookFake.Posts, GraphFake.Error(status, fixture, GraphFake.Headers(appUsage: 100)));

        var summary = await harness.Runner.RunOnceAsync("facebook");

        var result = summary.Accounts.Single();
        Assert.That(result.Outcome, Is.EqualTo(AccountRunOutcome.Succeeded), result.Error);
        Assert.That(harness.Time.Sleeps, Is.EqualTo(new[] { TimeSpan.FromMinutes(1) + Margin }), "one wait, no retry storm");
        Assert.That(api.CountOf(FacebookFake.Posts), Is.EqualTo(3), "the throttled first page once more, then the second page");
        Assert.That(result.RateLimited, Is.EqualTo(1));
        Assert.That(harness.Memory.Posts, Has.Count.EqualTo(11));
    }

    [Test]
    public async Task A_throttled_answer_with_a_business_use_case_estimate_waits_that_many_minutes()
    {
        var (api, harness) = await FacebookCollectorTests.StartAsync();
        await using var _ = api;
        await using var __ = harness;
        var throttledAt = harness.Time.GetUtcNow();
        api.Once(FacebookFake.Comments("1000000001_2004"),
            GraphFake.Error(400, "facebook/error-page-limit.json", GraphFake.BusinessUsage(FacebookFake.PageId, "pages", 100, regainMinutes: 3)));

        var summary = await harness.Runner.RunOnceAsync("facebook");

        Assert.That(summary.Accounts.Single().Outcome, Is.EqualTo(AccountRunOutcome.Succeeded), summary.Accounts.Single().Error);
        Assert.That(harness.Time.Sleeps, Is.EqualTo(new[] { TimeSpan.FromMinutes(3) + Margin }));
        var retried = api.Requests.Where(r => r.Path == FacebookFake.Comments("1000000001_2004")).ToList();
        Assert.That(retried, Has.Count.EqualTo(2));
        Assert.That(retried[1].At - throttledAt, Is.GreaterThanOrEqualTo(TimeSpan.FromMinutes(3)));
    }

    [Test]
    public async Task Usage_at_100_percent_on_a_good_answer_holds_the_next_call_for_the_estimate()
    {
        var (api, harness) = await FacebookCollectorTests.StartAsync();
        await using var _ = api;
        await using var __ = harness;
        api.Once(FacebookFake.PageNode, GraphFake.Json("facebook/page.json", GraphFake.BusinessUsage(FacebookFake.PageId, "pages", 100, regainMinutes: 2)));

        var summary = await harness.Runner.RunOnceAsync("facebook");

        Assert.That(summary.Accounts.Single().Outcome, Is.EqualTo(AccountRunOutcome.Succeeded), summary.Accounts.Single().Error);
        Assert.That(harness.Time.Sleeps, Is.EqualTo(new[] { TimeSpan.FromMinutes(2) }), "the answer is used; the next call waits");
        var requests = api.Requests.ToList();
        Assert.That(requests[1].At - requests[0].At, Is.EqualTo(TimeSpan.FromMinutes(2)));
        Assert.That(summary.Accounts.Single().RateLimited, Is.Zero, "nothing was refused");
    }

    [Test]
    public async Task Rising_usage_spaces_the_calls_out_before_the_limit_is_reached()
    {
        var (api, harness) = await FacebookCollectorTests.StartAsync();
        await using var _ = api;
        await using var __ = harness;
        // Every answer reports 90 % of the app's limit: 2 s at 75 %, doubled per 5 % -> 16 s between calls.
        foreach (var (path, fixture) in new[] { (FacebookFake.PageNode, "facebook/page.json"), (FacebookFake.Comments("1000000001_2004"), "facebook/comments-2004.json") })
        {
            api.On(path, GraphFake.Json(fixture, GraphFake.Headers(appUsage: 90)));
        }

        await harness.Runner.RunOnceAsync("facebook");

        Assert.That(harness.Time.Sleeps, Is.EqualTo(new[] { TimeSpan.FromSeconds(16) }), "after the page lookup; the last call has no next one to hold");
    }

    [Test]
    public async Task A_throttle_longer_than_the_longest_wait_pauses_the_network_without_retrying()
    {
        var (api, harness) = await FacebookCollectorTests.StartAsync(new Dictionary<string, string?> { ["Collectors:Facebook:MaxConcurrency"] = "1" });
        await using var _ = api;
        await using var __ = harness;
        harness.Track("other", "facebook", "otherpage");
        api.Once(FacebookFake.PageNode, GraphFake.Error(403, "facebook/error-app-limit.json", GraphFake.BusinessUsage(FacebookFake.PageId, "pages", 100, regainMinutes: 40)));

        var summary = await harness.Runner.RunOnceAsync("facebook");

        Assert.That(summary.Accounts.Select(a => a.Outcome), Is.All.EqualTo(AccountRunOutcome.Paused));
        Assert.That(api.Requests, Has.Count.EqualTo(1), "not retried, and the other page sends nothing");
        var statuses = await harness.Status.GetAsync("facebook");
        Assert.That(statuses.Select(s => s.NetworkPausedUntil), Is.All.EqualTo(CollectorHarness.Start.AddMinutes(40)));
        Assert.That(statuses.Select(s => s.Health), Is.All.EqualTo(CollectorHealth.Paused));
    }

    [Test]
    public async Task An_expired_token_stops_the_network_with_a_clear_status_instead_of_retrying()
    {
        var (api, harness) = await FacebookCollectorTests.StartAsync(new Dictionary<string, string?>
        {
            ["Collectors:Facebook:MaxConcurrency"] = "1",
            ["Collectors:Facebook:AccessToken"] = "expired-token",
        });
        await using var _ = api;
        await using var __ = harness;
        harness.Track("other", "facebook", "otherpage");

        var first = await harness.Runner.RunOnceAsync("facebook");

        Assert.That(api.Requests, Has.Count.EqualTo(1), "one refused call, not retried; the other page sends nothing");
        Assert.That(first.Accounts.Select(a => a.Outcome), Is.All.EqualTo(AccountRunOutcome.Unauthorized));
        var statuses = await harness.Status.GetAsync("facebook");
        Assert.That(statuses.Select(s => s.Health), Is.All.EqualTo(CollectorHealth.Unauthorized));
        var status = statuses.Single(s => s.Handle == "acmecoffee");
        Assert.That(status.LastError, Does.Contain("access token was rejected").And.Contain("190/463").And.Contain("Collectors:Facebook:AccessToken"));
        Assert.That(status.LastError, Does.Not.Contain("expired-token"), "the token never reaches a status");
        var state = await harness.StateAsync("facebook", "acmecoffee");
        Assert.That((state!.ConsecutiveFailures, state.NextRunAt), Is.EqualTo((0, (DateTimeOffset?)CollectorHarness.Start.AddHours(1))), "not the account's fault: no backoff");
        Assert.That(harness.Memory.Posts, Is.Empty);

        // The next pass tries the token once more, and only once.
        harness.Time.Advance(TimeSpan.FromHours(1));
        await harness.Runner.RunOnceAsync("facebook");
        Assert.That(api.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task An_instagram_account_limit_80002_waits_then_retries()
    {
        var (api, harness) = await InstagramCollectorTests.StartAsync();
        await using var _ = api;
        await using var __ = harness;
        api.Once(InstagramFake.Media, GraphFake.Error(400, "instagram/error-account-limit.json",
            GraphFake.BusinessUsage(InstagramFake.UserId, "instagram", 100, regainMinutes: 5)));

        var summary = await harness.Runner.RunOnceAsync("instagram");

        Assert.That(summary.Accounts.Single().Outcome, Is.EqualTo(AccountRunOutcome.Succeeded), summary.Accounts.Single().Error);
        Assert.That(harness.Time.Sleeps, Is.EqualTo(new[] { TimeSpan.FromMinutes(5) + Margin }));
        Assert.That(summary.Accounts.Single().RateLimited, Is.EqualTo(1));
        Assert.That(harness.Memory.Posts, Has.Count.EqualTo(7));
    }

    [Test]
    public async Task The_configured_limit_is_never_exceeded_and_the_run_still_completes()
    {
        var (api, harness) = await FacebookCollectorTests.StartAsync(new Dictionary<string, string?>
        {
            ["Collectors:Facebook:RateLimit"] = "3",
            ["Collectors:Facebook:RateLimitWindow"] = "01:00:00",
        });
        await using var _ = api;
        await using var __ = harness;

        var summary = await harness.Runner.RunOnceAsync("facebook");

        Assert.That(summary.Accounts.Single().Outcome, Is.EqualTo(AccountRunOutcome.Succeeded), summary.Accounts.Single().Error);
        Assert.That(harness.Memory.Posts, Has.Count.EqualTo(11));
        var served = api.Requests.Select(r => r.At).ToList();
        Assert.That(served, Has.Count.EqualTo(7));
        foreach (var at in served)
        {
            Assert.That(served.Count(other => other > at - TimeSpan.FromHours(1) && other <= at), Is.LessThanOrEqualTo(3), $"window ending {at:O}");
        }

        Assert.That(served[^1] - served[0], Is.GreaterThanOrEqualTo(TimeSpan.FromHours(2)), "7 calls at 3 an hour: the third hour, in virtual time");
    }

    [Test]
    public async Task A_timestamp_graph_does_not_document_fails_the_account_naming_the_field_and_stores_nothing()
    {
        var (api, harness) = await FacebookCollectorTests.StartAsync();
        await using var _ = api;
        await using var __ = harness;
        api.On(FacebookFake.Posts, Reply.Json(
            Fixtures.Read("facebook/posts-page1.json").Replace("2025-03-10T07:45:12+0000", "last Tuesday", StringComparison.Ordinal), GraphFake.Headers()));

        var summary = await harness.Runner.RunOnceAsync("facebook");

        var result = summary.Accounts.Single();
        Assert.That(result.Outcome, Is.EqualTo(AccountRunOutcome.Failed));
        Assert.That(result.Error, Does.Contain("last Tuesday").And.Contain("$.data[2].created_time"));
        Assert.That(harness.Memory.Posts, Is.Empty);
    }

    [Test]
    public async Task A_server_error_with_a_graph_body_is_retried_like_any_5xx()
    {
        var (api, harness) = await InstagramCollectorTests.StartAsync();
        await using var _ = api;
        await using var __ = harness;
        api.Once(InstagramFake.Media, new Reply(500, """{"error":{"message":"An unknown error has occurred.","type":"OAuthException","is_transient":true,"code":1,"fbtrace_id":"Ax1"}}""", GraphFake.Headers()));

        var summary = await harness.Runner.RunOnceAsync("instagram");

        Assert.That(summary.Accounts.Single().Outcome, Is.EqualTo(AccountRunOutcome.Succeeded), summary.Accounts.Single().Error);
        Assert.That(harness.Time.Sleeps, Has.Count.EqualTo(1));
        Assert.That(harness.Time.Sleeps[0], Is.LessThan(TimeSpan.FromSeconds(10)), "a jittered backoff, not a throttling wait");
        Assert.That(summary.Accounts.Single().RateLimited, Is.Zero);
    }

    [Test]
    public async Task A_truncated_page_is_read_again_and_stored_once()
    {
        var (api, harness) = await FacebookCollectorTests.StartAsync();
        await using var _ = api;
        await using var __ = harness;
        api.Once(FacebookFake.Comments("1000000001_2001"), new Reply(200, Fixtures.Read("facebook/comments-2001-page1.json"), GraphFake.Headers(), Truncate: true));

        var summary = await harness.Runner.RunOnceAsync("facebook");

        Assert.That(summary.Accounts.Single().Outcome, Is.EqualTo(AccountRunOutcome.Succeeded), summary.Accounts.Single().Error);
        Assert.That(harness.Memory.Posts, Has.Count.EqualTo(11));
    }

    [Test]
    public async Task A_page_that_stays_truncated_fails_the_run_and_stores_nothing_of_it()
    {
        var (api, harness) = await InstagramCollectorTests.StartAsync();
        await using var _ = api;
        await using var __ = harness;
        api.On(InstagramFake.Replies, new Reply(200, Fixtures.Read("instagram/replies-c1-page2.json"), GraphFake.Headers(), Truncate: true));

        var summary = await harness.Runner.RunOnceAsync("instagram");

        Assert.That(summary.Accounts.Single().Outcome, Is.EqualTo(AccountRunOutcome.Failed));
        Assert.That(api.CountOf(InstagramFake.Replies), Is.EqualTo(5), "the first try and 4 retries");
        Assert.That(harness.Memory.Posts, Is.Empty, "not the media nor the comments read before it");
        Assert.That(harness.Memory.Followers, Is.Empty);
        Assert.That((await harness.StateAsync("instagram", InstagramFake.Handle))!.Cursor, Is.Null);
    }
}
