using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Engagement.Collectors.Tests.Infrastructure;

/// <summary>
/// The recorded X account @AcmeCoffee, served as api.x.com/2 does: the bearer token checked,
/// <c>x-rate-limit-*</c> headers per endpoint (15-minute windows, reset in Unix seconds),
/// <c>pagination_token</c> from <c>meta.next_token</c>.
/// </summary>
public static class XFake
{
    public const string Handle = "acmecoffee";
    public const string UserId = "1500000000000000001";
    public const string Token = "test-bearer-token";
    public const string Lookup = "/2/users/by/username/acmecoffee";
    public const string Tweets = "/2/users/1500000000000000001/tweets";
    public const string Mentions = "/2/users/1500000000000000001/mentions";
    public const string NextToken = "7140dibdnow9c7btw4b0vxnfr8pj1vwdq4tg3yqp1l7kp";

    /// <summary>The X settings of a harness whose X API is <paramref name="api"/>.</summary>
    public static Dictionary<string, string?> Settings(FakeApi api, string? token = Token) => new()
    {
        ["Collectors:X:BaseUrl"] = new Uri(api.Root, "2/").ToString(),
        ["Collectors:X:BearerToken"] = token,
    };

    /// <summary>Serves the backfill fixtures; <paramref name="later"/> serves the next hour's answers.</summary>
    public static FakeApi ServeXAcme(this FakeApi api, TimeProvider time, bool later = false)
    {
        api.On(Lookup, request => Authorized(request, time, 300) ?? Reply.Fixture("x/user.json", Limits(time, 300)));
        api.On("/2/users/by/username/nosuchbrand", request => Authorized(request, time, 300) ?? Reply.Fixture("x/user-not-found.json", Limits(time, 300)));
        api.On(Tweets, request => Authorized(request, time, 1500) ?? Timeline(request) ?? (request.Query["pagination_token"].ToString() switch
        {
            "" => Reply.Fixture(later ? "x/tweets-page1-v2.json" : "x/tweets-page1.json", Limits(time, 1500)),
            NextToken => Reply.Fixture("x/tweets-page2.json", Limits(time, 1500)),
            var other => new Reply(400, $$"""{"errors":[{"parameters":{"pagination_token":["{{other}}"]},"message":"The pagination token is invalid"}],"title":"Invalid Request","detail":"One or more parameters to your request was invalid.","type":"https://api.twitter.com/2/problems/invalid-request"}""", Limits(time, 1500)),
        }));
        api.On(Mentions, request => Authorized(request, time, 450) ?? Timeline(request)
            ?? Reply.Fixture(later ? "x/mentions-v2.json" : "x/mentions.json", Limits(time, 450)));
        return api;
    }

    /// <summary>X's rate-limit headers: the endpoint's limit, what is left, the window's end in Unix seconds.</summary>
    public static Dictionary<string, string> Limits(TimeProvider time, int limit, int? remaining = null, TimeSpan? resetIn = null) => new()
    {
        ["x-rate-limit-limit"] = limit.ToString(CultureInfo.InvariantCulture),
        ["x-rate-limit-remaining"] = (remaining ?? limit - 1).ToString(CultureInfo.InvariantCulture),
        ["x-rate-limit-reset"] = (time.GetUtcNow() + (resetIn ?? TimeSpan.FromMinutes(15))).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A 429 as X sends it: problem body, nothing remaining, the reset in Unix seconds.</summary>
    public static Reply TooManyRequests(TimeProvider time, int limit, TimeSpan resetIn) =>
        new(429, Fixtures.Read("x/error-429.json"), Limits(time, limit, 0, resetIn));

    public static Reply Unauthorized => new(401, Fixtures.Read("x/error-401.json"), new Dictionary<string, string> { ["www-authenticate"] = "Bearer" });

    /// <summary>X refuses a request without the app's bearer token.</summary>
    private static Reply? Authorized(HttpRequest request, TimeProvider time, int limit) =>
        request.Headers.Authorization.ToString() == $"Bearer {Token}" ? null : Unauthorized with { Headers = Limits(time, limit) };

    /// <summary>The timelines' required parameters, checked as the API does.</summary>
    private static Reply? Timeline(HttpRequest request)
    {
        var query = request.Query;
        var ok = query["max_results"] == "100"
            && DateTimeOffset.TryParseExact(query["start_time"], "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
            && query["tweet.fields"] == "created_at,public_metrics,referenced_tweets,in_reply_to_user_id,conversation_id,author_id,entities"
            && query["expansions"] == "author_id,in_reply_to_user_id"
            && query["user.fields"] == "username";
        return ok ? null : new Reply(400, """{"title":"Invalid Request","detail":"One or more parameters to your request was invalid.","type":"https://api.twitter.com/2/problems/invalid-request"}""");
    }
}
