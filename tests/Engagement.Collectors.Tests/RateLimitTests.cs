using System.Globalization;
using System.Text.Json;
using Engagement.Collectors.Engine;
using Engagement.Collectors.Tests.Infrastructure;

namespace Engagement.Collectors.Tests;

/// <summary>A server that enforces its limit (429 past it) and a collector sized to it: no 429, nothing lost.</summary>
public sealed class RateLimitTests
{
    private const int Limit = 5;
    private const int Pages = 6;
    private const int PageSize = 40;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    [Test]
    public async Task The_collector_never_exceeds_the_limit_and_still_stores_every_post()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = await FakeApi.StartAsync(time);
        var enforcer = new SlidingWindowEnforcer(time, Limit, Window);
        api.Gatekeeper = enforcer.Check;
        var accounts = new[] { ("acme", "1000"), ("beta", "2000") };
        foreach (var (name, id) in accounts)
        {
            ServeTimeline(api, name, id);
        }

        api.On(MastodonFake.Lookup, request =>
        {
            var name = request.Query["acct"].ToString().Split('@')[0];
            var id = accounts.Single(a => a.Item1 == name).Item2;
            return Reply.Json($$"""{"id":"{{id}}","username":"{{name}}","acct":"{{name}}","followers_count":10}""");
        });
        await using var harness = CollectorHarness.Create(mastodon: api, time: time, settings: new Dictionary<string, string?>
        {
            ["Collectors:Mastodon:RateLimit"] = Limit.ToString(CultureInfo.InvariantCulture),
            ["Collectors:Mastodon:RateLimitWindow"] = "00:01:00",
            ["Collectors:Mastodon:MaxConcurrency"] = "2",
        });
        foreach (var (name, _) in accounts)
        {
            harness.Track(name, "mastodon", $"{name}@social.example");
        }

        var summary = await harness.Runner.RunOnceAsync("mastodon");

        Assert.That(summary.Accounts.Select(a => a.Outcome), Is.All.EqualTo(AccountRunOutcome.Succeeded));
        Assert.That(enforcer.Rejected, Is.Zero, "the server never had to say 429");
        Assert.That(summary.RateLimited, Is.Zero);
        Assert.That(harness.Memory.Posts, Has.Count.EqualTo(accounts.Length * Pages * PageSize));
        var served = api.Requests.Select(r => r.At).ToList();
        Assert.That(served, Has.Count.EqualTo(accounts.Length * (Pages + 1)));
        foreach (var at in served)
        {
            Assert.That(served.Count(other => other > at - Window && other <= at), Is.LessThanOrEqualTo(Limit), $"window ending {at:O}");
        }

        // 14 requests at 5 a minute: the third window is needed, in virtual time only.
        Assert.That(time.GetUtcNow() - CollectorHarness.Start, Is.GreaterThanOrEqualTo(TimeSpan.FromMinutes(2)));
    }

    /// <summary>Pages of 40 statuses, 10 minutes apart, all inside the backfill; Link headers chain them.</summary>
    private static void ServeTimeline(FakeApi api, string name, string accountId)
    {
        var path = $"/api/v1/accounts/{accountId}/statuses";
        api.On(path, request =>
        {
            var page = request.Query["max_id"].Count == 0 ? 0 : int.Parse(request.Query["max_id"]!, CultureInfo.InvariantCulture) % 100;
            var statuses = Enumerable.Range(0, PageSize).Select(i =>
            {
                var n = (page * PageSize) + i;
                return new Dictionary<string, object?>
                {
                    ["id"] = $"{accountId}{9999 - n:D4}",
                    ["created_at"] = CollectorHarness.Start.AddMinutes(-10 * (n + 1)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                    ["account"] = new Dictionary<string, object?> { ["id"] = accountId, ["acct"] = name },
                    ["favourites_count"] = n,
                    ["reblogs_count"] = 0,
                    ["replies_count"] = 0,
                    ["mentions"] = Array.Empty<object>(),
                };
            });
            var headers = new Dictionary<string, string>();
            if (page + 1 < Pages)
            {
                headers["Link"] = $"<https://social.example{path}?limit=40&max_id={accountId}{page + 1:D2}>; rel=\"next\"";
            }

            return Reply.Json(JsonSerializer.Serialize(statuses), headers);
        });
    }

    /// <summary>At most <c>limit</c> requests in any window; beyond, Mastodon's 429.</summary>
    private sealed class SlidingWindowEnforcer(TimeProvider time, int limit, TimeSpan window)
    {
        private readonly Lock _lock = new();
        private readonly List<DateTimeOffset> _served = [];

        public int Rejected { get; private set; }

        public Reply? Check(Microsoft.AspNetCore.Http.HttpRequest request)
        {
            lock (_lock)
            {
                var now = time.GetUtcNow();
                _served.RemoveAll(at => at <= now - window);
                if (_served.Count >= limit)
                {
                    Rejected++;
                    return new Reply(429, """{"error":"Too many requests"}""", new Dictionary<string, string>
                    {
                        ["X-RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture),
                        ["X-RateLimit-Remaining"] = "0",
                        ["X-RateLimit-Reset"] = MastodonFake.Iso(_served[0] + window),
                    });
                }

                _served.Add(now);
                return null;
            }
        }
    }
}
