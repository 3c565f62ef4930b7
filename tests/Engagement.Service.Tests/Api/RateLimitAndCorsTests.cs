using System.Net;
using System.Net.Http.Headers;
using Engagement.Service.Tests.Infrastructure;

namespace Engagement.Service.Tests.Api;

/// <summary>A service with a small request limit, a small failed-authentication limit and one allowed CORS origin.</summary>
public class RateLimitAndCorsTests : ApiFixture
{
    private const int Permits = 5;
    private const string Origin = "https://dashboard.example.org";

    protected override EngagementFactory CreateFactory() => new(settings: new Dictionary<string, string>
    {
        ["Api:RateLimit:PermitsPerMinute"] = Permits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Api:RateLimit:FailedAuthPerMinute"] = "3",
        ["Api:Cors:Origins:0"] = Origin,
    });

    [Test]
    public async Task A_key_over_its_limit_gets_429_with_retry_after_while_another_key_goes_on()
    {
        using var own = Client(ReadKey);
        var remaining = new List<string>();
        for (var i = 0; i < Permits; i++)
        {
            using var ok = await own.GetAsync("/api/v1/brands");
            Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            remaining.Add(ok.Headers.GetValues("RateLimit-Remaining").Single());
            Assert.That(ok.Headers.GetValues("RateLimit-Limit").Single(), Is.EqualTo(Permits.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.That(remaining, Is.EqualTo(new[] { "4", "3", "2", "1", "0" }));
        using var refused = await own.GetAsync("/api/v1/brands");
        var problem = await Problems.AssertAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("type").GetString(), Does.EndWith("/problems/rate-limited"));
            Assert.That(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), Is.InRange(1, 60));
            Assert.That(refused.Headers.GetValues("RateLimit-Remaining").Single(), Is.EqualTo("0"));
            Assert.That(refused.Headers.GetValues("RateLimit-Policy").Single(), Is.EqualTo($"{Permits};w=60"));
        });

        // Another key has its own budget; the health probe has none.
        Assert.That((await Admin.GetAsync("/api/v1/brands")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await own.GetAsync("/health")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Failed_authentications_from_one_address_are_limited()
    {
        using var guesser = Client("eng_not-a-key");
        for (var i = 0; i < 3; i++)
        {
            Assert.That((await guesser.GetAsync("/api/v1/peer-sets")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        var problem = await Problems.AssertAsync(await guesser.GetAsync("/api/v1/peer-sets"), HttpStatusCode.TooManyRequests);
        Assert.That(problem.GetProperty("type").GetString(), Does.EndWith("/problems/rate-limited"));
    }

    [Test]
    public async Task An_allowed_origin_gets_cors_headers_and_another_does_not()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/reports/brands/pixel-nord");
        preflight.Headers.Add("Origin", Origin);
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization");
        using var allowed = await Anonymous.SendAsync(preflight);
        Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(allowed.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo(Origin));

        using var other = new HttpRequestMessage(HttpMethod.Get, "/health");
        other.Headers.Add("Origin", "https://evil.example.com");
        using var denied = await Anonymous.SendAsync(other);
        Assert.That(denied.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
    }
}

/// <summary>CORS is off unless origins are configured.</summary>
public class CorsOffByDefaultTests : ApiFixture
{
    [Test]
    public async Task No_origin_gets_cors_headers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/brands");
        request.Headers.Add("Origin", "https://dashboard.example.org");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ReadKey);
        using var response = await Anonymous.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
    }
}
