using Engagement.Collectors.Engine;
using Engagement.Collectors.Storage;
using Engagement.Collectors.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Engagement.Collectors.Tests;

/// <summary>X's limits, errors and credentials: what stops, what waits, what is never half-stored.</summary>
public sealed class XResilienceTests
{
    [Test]
    public async Task A_429_waits_exactly_until_x_rate_limit_reset_and_loses_nothing()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeXAcme(time);
        api.Once(XFake.Tweets, XFake.TooManyRequests(time, 1500, TimeSpan.FromMinutes(7)));
        await using var harness = CollectorHarness.Create(time: time, settings: XFake.Settings(api));
        harness.Track("acme", "x", XFake.Handle);

        var summary = await harness.Runner.RunOnceAsync("x");

        var run = summary.Accounts.Single();
        Assert.That(run.Outcome, Is.EqualTo(AccountRunOutcome.Succeeded), run.Error);
        Assert.That((run.RateLimited, run.Requests), Is.EqualTo((1, 5)));
        Assert.That(time.Sleeps, Has.Some.EqualTo(TimeSpan.FromMinutes(7) + TimeSpan.FromSeconds(1)), "until the reset, plus a second for clock skew");
        var tweets = api.Requests.Where(r => r.Path == XFake.Tweets).ToList();
        Assert.That(tweets[1].At - tweets[0].At, Is.GreaterThanOrEqualTo(TimeSpan.FromMinutes(7)), "nothing sent to the endpoint before the reset");
        Assert.That(harness.Memory.Posts, Has.Count.EqualTo(8));
    }

    [Test]
    public async Task No_endpoint_ever_gets_more_than_its_configured_limit_per_window()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = await FakeApi.StartAsync(time);
        var settings = XFake.Settings(api);
        settings["Collectors:X:RateLimit"] = "2";
        settings["Collectors:X:TweetsRateLimit"] = "3";
        settings["Collectors:X:MentionsRateLimit"] = "2";
        await using var harness = CollectorHarness.Create(time: time, settings: settings);
        // Three accounts: 3 lookups, 6 pages of posts, 3 of mentions.
        for (var i = 1; i <= 3; i++)
        {
            ServeQuietAccount(api, time, i);
            harness.Track($"brand{i}", "x", $"brand{i}");
        }

        var summary = await harness.Runner.RunOnceAsync("x");

        Assert.That(summary.Accounts.Select(a => a.Outcome), Is.All.EqualTo(AccountRunOutcome.Succeeded), string.Join("; ", summary.Accounts.Select(a => a.Error)));
        Assert.That(summary.RateLimited, Is.Zero);
        Assert.That(harness.Memory.Posts, Has.Count.EqualTo(6));
        foreach (var (endpoint, limit, count) in new[] { ("by/username", 2, 3), ("/tweets", 3, 6), ("/mentions", 2, 3) })
        {
            var served = api.Requests.Where(r => r.Path.Contains(endpoint, StringComparison.Ordinal)).Select(r => r.At).ToList();
            Assert.That(served, Has.Count.EqualTo(count));
            foreach (var at in served)
            {
                Assert.That(served.Count(other => other > at - TimeSpan.FromMinutes(15) && other <= at), Is.LessThanOrEqualTo(limit), $"{endpoint}, window ending {at:O}");
            }
        }

        Assert.That(time.GetUtcNow() - CollectorHarness.Start, Is.GreaterThanOrEqualTo(TimeSpan.FromMinutes(15)), "the budget waited, in virtual time");
    }

    /// <summary>brand{i}: two pages of one post each, no mentions.</summary>
    private static void ServeQuietAccount(FakeApi api, TimeProvider time, int i)
    {
        var id = $"90{i}";
        api.On($"/2/users/by/username/brand{i}", _ => Reply.Json(
            $$$"""{"data":{"id":"{{{id}}}","name":"Brand {{{i}}}","username":"Brand{{{i}}}","public_metrics":{"followers_count":{{{i}}} } } }""", XFake.Limits(time, 300)));
        api.On($"/2/users/{id}/tweets", request =>
        {
            var page = request.Query["pagination_token"].Count == 0 ? 1 : 2;
            var next = page == 1 ? ",\"next_token\":\"p2\"" : "";
            return Reply.Json(
                $$$"""{"data":[{"id":"{{{id}}}{{{page}}}","text":"hi","created_at":"2025-03-1{{{page}}}T08:00:00.000Z","author_id":"{{{id}}}","public_metrics":{"retweet_count":0,"reply_count":0,"like_count":{{{page}}},"quote_count":0,"impression_count":9}}],"meta":{"result_count":1{{{next}}} } }""",
                XFake.Limits(time, 1500));
        });
        api.On($"/2/users/{id}/mentions", _ => Reply.Json("""{"meta":{"result_count":0}}""", XFake.Limits(time, 450)));
    }

    [Test]
    public async Task An_expired_token_stops_the_network_for_the_pass_with_a_clear_status()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeXAcme(time);
        var settings = XFake.Settings(api, token: "expired-token");
        settings["Collectors:X:MaxConcurrency"] = "1";
        await using var harness = CollectorHarness.Create(time: time, settings: settings);
        harness.Track("acme", "x", XFake.Handle);
        harness.Track("beta", "x", "nosuchbrand");

        var summary = await harness.Runner.RunOnceAsync();

        Assert.That(summary.Accounts.Select(a => a.Outcome), Is.All.EqualTo(AccountRunOutcome.Unauthorized));
        Assert.That(summary.Failed, Is.EqualTo(2));
        Assert.That(api.Requests, Has.Count.EqualTo(1), "one refused request, not retried; the other account sends nothing");
        var statuses = await harness.Status.GetAsync("x");
        Assert.That(statuses.Select(s => s.Health), Is.All.EqualTo(CollectorHealth.Unauthorized));
        Assert.That(statuses.Select(s => s.LastError), Is.All.Contains("Collectors:X:BearerToken"));
        var state = await harness.StateAsync("x", XFake.Handle);
        Assert.That((state!.ConsecutiveFailures, state.NextRunAt), Is.EqualTo((0, (DateTimeOffset?)CollectorHarness.Start.AddHours(1))), "not the account's fault: no backoff");

        // The next pass tries the token once more.
        time.Advance(TimeSpan.FromHours(1));
        await harness.Runner.RunOnceAsync("x");
        Assert.That(api.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task An_app_without_access_403_stops_the_network_too()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeXAcme(time);
        api.Once(XFake.Tweets, new Reply(403, """
            {"client_id":"29470000","detail":"When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is attached to a Project. You can create a project via the developer portal.","registration_url":"https://developer.twitter.com/en/docs/projects/overview","title":"Client Forbidden","required_enrollment":"Appropriate Level of API Access","reason":"client-not-enrolled","type":"https://api.twitter.com/2/problems/client-forbidden"}
            """, XFake.Limits(time, 1500)));
        await using var harness = CollectorHarness.Create(time: time, settings: XFake.Settings(api));
        harness.Track("acme", "x", XFake.Handle);

        var summary = await harness.Runner.RunOnceAsync("x");

        var run = summary.Accounts.Single();
        Assert.That(run.Outcome, Is.EqualTo(AccountRunOutcome.Unauthorized));
        Assert.That(run.Error, Does.Contain("Client Forbidden").And.Contain("Collectors:X:BearerToken"));
        Assert.That(api.CountOf(XFake.Tweets), Is.EqualTo(1), "not retried");
        Assert.That(harness.Memory.Posts, Is.Empty);
    }

    [Test]
    public async Task A_malformed_page_stores_nothing_of_the_run_and_the_next_run_stores_it_all()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeXAcme(time);
        var page2 = Fixtures.Read("x/tweets-page2.json");
        api.Once(XFake.Tweets, Reply.Fixture("x/tweets-page1.json", XFake.Limits(time, 1500)), Reply.Json(page2[..(page2.Length / 2)], XFake.Limits(time, 1500)));
        await using var harness = CollectorHarness.Create(time: time, settings: XFake.Settings(api));
        harness.Track("acme", "x", XFake.Handle);

        var failed = await harness.Runner.RunOnceAsync("x");

        Assert.That(failed.Accounts.Single().Outcome, Is.EqualTo(AccountRunOutcome.Failed));
        Assert.That(failed.Accounts.Single().Error, Does.Contain("JsonException"));
        Assert.That((harness.Memory.Posts.Count, harness.Memory.Followers.Count), Is.EqualTo((0, 0)), "nothing half-stored");
        var state = await harness.StateAsync("x", XFake.Handle);
        Assert.That((state!.Health, state.Cursor, state.BackfilledAt), Is.EqualTo((CollectorHealth.Failing, (string?)null, (DateTimeOffset?)null)));

        time.Advance(TimeSpan.FromHours(1));
        var retried = await harness.Runner.RunOnceAsync("x");

        Assert.That(retried.Accounts.Single().Outcome, Is.EqualTo(AccountRunOutcome.Succeeded), retried.Accounts.Single().Error);
        Assert.That(harness.Memory.Posts, Has.Count.EqualTo(8));
    }

    [Test]
    public async Task A_body_cut_off_mid_way_is_retried()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeXAcme(time);
        api.Once(XFake.Mentions, Reply.Fixture("x/mentions.json", XFake.Limits(time, 450)) with { Truncate = true });
        await using var harness = CollectorHarness.Create(time: time, settings: XFake.Settings(api));
        harness.Track("acme", "x", XFake.Handle);

        var summary = await harness.Runner.RunOnceAsync("x");

        Assert.That(summary.Accounts.Single().Outcome, Is.EqualTo(AccountRunOutcome.Succeeded), summary.Accounts.Single().Error);
        Assert.That(api.CountOf(XFake.Mentions), Is.EqualTo(2));
        Assert.That(harness.Memory.Posts, Has.Count.EqualTo(8));
    }

    [Test]
    public async Task Without_a_bearer_token_x_is_disabled_with_the_reason_and_the_service_still_starts()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeXAcme(time);
        var settings = XFake.Settings(api, token: "");
        settings["Collectors:Mastodon:Enabled"] = "false";
        settings["Collectors:Bluesky:Enabled"] = "false";
        settings["Collectors:YouTube:Enabled"] = "false";
        await using var harness = CollectorHarness.Create(time: time, settings: settings);
        harness.Track("acme", "x", XFake.Handle);

        await harness.Host.StartAsync();
        var all = await harness.Runner.RunOnceAsync();
        var only = await harness.Runner.RunOnceAsync("X");
        await harness.Host.StopAsync();

        Assert.That(all.Accounts, Is.Empty);
        Assert.That(all.Notes, Has.One.EqualTo("x disabled: Collectors:X:BearerToken is not set (the bearer token of an X developer app is required)"));
        Assert.That(only.Notes, Has.One.StartsWith("x disabled"));
        Assert.That(api.Requests, Is.Empty);
        var status = (await harness.Status.GetAsync("x")).Single();
        Assert.That((status.Health, status.DisabledReason), Is.EqualTo((CollectorHealth.Disabled, "Collectors:X:BearerToken is not set (the bearer token of an X developer app is required)")));
        Assert.That(status.LastError, Is.Null);
    }

    [Test]
    public async Task A_network_without_credentials_says_so_in_one_log_line_and_the_host_runs_on()
    {
        var logs = new LogLines();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Collectors:Mastodon:Enabled"] = "false",
            ["Collectors:Bluesky:Enabled"] = "false",
        });
        builder.Services.AddLogging(logging => logging.AddProvider(logs));
        builder.Services.AddSingleton<ICollectorStore>(new InMemoryCollectorStore());
        builder.AddCollectors();
        using var host = builder.Build();

        await host.StartAsync();
        await Eventually.That(() => logs.Lines.Count(l => l.Contains("collector disabled", StringComparison.Ordinal)) >= 4, 10_000);
        await host.StopAsync();

        var disabled = logs.Lines.Where(l => l.Contains("collector disabled", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.That(disabled, Is.EqualTo(new[]
        {
            "Warning facebook collector disabled: Collectors:Facebook:AccessToken is not set (a Graph API access token is required)",
            "Warning instagram collector disabled: Collectors:Instagram:AccessToken is not set (a Graph API access token is required)",
            "Warning x collector disabled: Collectors:X:BearerToken is not set (the bearer token of an X developer app is required)",
            "Warning youtube collector disabled: Collectors:YouTube:ApiKey is not set (a YouTube Data API v3 key is required)",
        }));
    }

    private sealed class LogLines : ILoggerProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public ILogger CreateLogger(string categoryName) => new Logger(_lines);

        public void Dispose()
        {
        }

        private sealed class Logger(System.Collections.Concurrent.ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    lines.Enqueue($"{logLevel} {formatter(state, exception)}");
                }
            }
        }
    }
}
