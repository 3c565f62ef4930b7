using System.Net;
using Engagement.Collectors.Engine;
using Engagement.Collectors.Http;
using Engagement.Collectors.Mastodon;
using Engagement.Collectors.Options;
using Engagement.Collectors.Tests.Infrastructure;
using Engagement.Collectors.YouTube;

namespace Engagement.Collectors.Tests;

public sealed class UnitTests
{
    [Test]
    public void The_lease_duration_defaults_to_five_minutes_and_must_be_at_least_a_second()
    {
        var validator = new NetworkOptionsValidator<MastodonCollectorOptions>(MastodonCollectorOptions.Section);

        Assert.That(new MastodonCollectorOptions().LeaseDuration, Is.EqualTo(TimeSpan.FromMinutes(5)));
        Assert.That(validator.Validate(null, new MastodonCollectorOptions()).Succeeded, Is.True);
        var tooShort = validator.Validate(null, new MastodonCollectorOptions { LeaseDuration = TimeSpan.FromMilliseconds(500) });
        Assert.That(tooShort.Failures, Is.EqualTo(new[] { "Collectors:Mastodon:LeaseDuration must be at least 1 s" }));
    }

    [Test]
    public void The_next_link_is_found_and_rebased_onto_the_configured_root()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation("Link",
            "<https://mastodon.example/api/v1/accounts/1/statuses?limit=40&max_id=7>; rel=\"next\", <https://mastodon.example/api/v1/accounts/1/statuses?since_id=9>; rel=\"prev\"");

        var next = LinkHeader.Next(response)!;

        Assert.That(next, Is.EqualTo(new Uri("https://mastodon.example/api/v1/accounts/1/statuses?limit=40&max_id=7")));
        Assert.That(LinkHeader.Rebase(next, new Uri("http://proxy.local/mastodon/")),
            Is.EqualTo(new Uri("http://proxy.local/mastodon/api/v1/accounts/1/statuses?limit=40&max_id=7")));
    }

    [Test]
    public void No_next_link_on_the_last_page()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation("Link", "<https://mastodon.example/api/v1/x?since_id=9>; rel=\"prev\"");

        Assert.That(LinkHeader.Next(response), Is.Null);
    }

    [TestCase("2025-03-20T12:00:00Z", "2025-03-21T07:00:00Z", TestName = "Daylight time: midnight is 07:00Z")]
    [TestCase("2025-01-15T07:59:59Z", "2025-01-15T08:00:00Z", TestName = "Standard time: midnight is 08:00Z")]
    [TestCase("2025-01-15T08:00:00Z", "2025-01-16T08:00:00Z", TestName = "At midnight: the next one")]
    [TestCase("2025-11-02T06:30:00Z", "2025-11-02T07:00:00Z", TestName = "The evening before the clocks go back")]
    [TestCase("2025-11-02T08:30:00Z", "2025-11-03T08:00:00Z", TestName = "The day the clocks go back: a 25-hour quota day")]
    public void Youtube_quota_resets_at_midnight_pacific(string now, string expected)
    {
        Assert.That(PacificTime.NextMidnight(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)),
            Is.EqualTo(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void Reset_headers_of_each_network_are_read()
    {
        var now = CollectorHarness.Start;
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("X-RateLimit-Reset", "2025-03-20T12:04:59.511Z");
        response.Headers.TryAddWithoutValidation("RateLimit-Reset", now.AddMinutes(2).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.That(new MastodonPolicy().ResetAt(response, now), Is.EqualTo(new DateTimeOffset(2025, 3, 20, 12, 4, 59, 511, TimeSpan.Zero)));
        Assert.That(new BlueskyPolicy().ResetAt(response, now), Is.EqualTo(now.AddMinutes(2)));
        Assert.That(RateLimitHeaders.EpochOrDeltaSeconds(Headers("RateLimit-Reset", "30"), "RateLimit-Reset", now), Is.EqualTo(now.AddSeconds(30)), "delta seconds, as the IETF draft");

        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
        Assert.That(new MastodonPolicy().ResetAt(response, now), Is.EqualTo(now.AddSeconds(7)), "Retry-After first");
    }

    [Test]
    public void Youtube_calls_cost_their_quota_units()
    {
        var policy = new YouTubePolicy();
        using var list = new HttpRequestMessage(HttpMethod.Get, "https://www.googleapis.com/youtube/v3/commentThreads?videoId=x");
        using var search = new HttpRequestMessage(HttpMethod.Get, "https://www.googleapis.com/youtube/v3/search?q=x");

        Assert.That((policy.CostOf(list), policy.CostOf(search)), Is.EqualTo((1, 100)));
    }

    [Test]
    public void Failing_accounts_back_off_exponentially_up_to_the_cap()
    {
        var hour = TimeSpan.FromHours(1);
        var backoffs = Enumerable.Range(1, 7).Select(n => CollectorEngine.Backoff(n, hour, TimeSpan.FromHours(24)).TotalHours);

        Assert.That(backoffs, Is.EqualTo(new double[] { 1, 2, 4, 8, 16, 24, 24 }));
    }

    [Test]
    public void Youtube_mentions_are_the_handles_in_the_text()
    {
        Assert.That(YouTubeMapper.Mentions("@AcmeTV thanks! cc @bob.smith, mail me at me@example.com @x"), Is.EqualTo(new[] { "acmetv", "bob.smith" }));
    }

    [Test]
    public async Task The_sliding_window_budget_waits_for_the_oldest_grant_to_expire()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        var budget = new SlidingWindowBudget(3, TimeSpan.FromMinutes(5), time);

        for (var i = 0; i < 3; i++)
        {
            await budget.AcquireAsync(1, CancellationToken.None);
            time.Advance(TimeSpan.FromMinutes(1));
        }

        await budget.AcquireAsync(1, CancellationToken.None);

        Assert.That(time.GetUtcNow(), Is.EqualTo(CollectorHarness.Start.AddMinutes(5)), "the first grant expired");
        Assert.That(time.Sleeps, Is.EqualTo(new[] { TimeSpan.FromMinutes(2) }));
    }

    private static System.Net.Http.Headers.HttpResponseHeaders Headers(string name, string value)
    {
        var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation(name, value);
        return response.Headers;
    }
}
