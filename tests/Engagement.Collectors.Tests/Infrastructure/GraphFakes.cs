using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Engagement.Collectors.Tests.Infrastructure;

/// <summary>What every Graph API answer carries: the usage headers, the version, a trace id.</summary>
public static class GraphFake
{
    public const string Version = "v25.0";

    /// <summary>The Graph API root of a fake: its versioned path, as Collectors:*:BaseUrl is configured.</summary>
    public static Uri Root(FakeApi api) => new(api.Root, Version + "/");

    public static string Path(string node) => $"/{Version}/{node}";

    /// <summary>The headers Graph sends; <paramref name="appUsage"/> is X-App-Usage's call_count in percent.</summary>
    public static Dictionary<string, string> Headers(int appUsage = 1) => new()
    {
        ["X-App-Usage"] = $$"""{"call_count":{{appUsage}},"total_cputime":1,"total_time":1}""",
        ["facebook-api-version"] = Version,
        ["x-fb-trace-id"] = "HcDfYwA1b2C",
        ["x-fb-rev"] = "1019283746",
    };

    /// <summary>X-Business-Use-Case-Usage of one business object, as Page and Instagram tokens get it.</summary>
    public static Dictionary<string, string> BusinessUsage(string objectId, string type, int callCount, int regainMinutes = 0)
    {
        var headers = Headers();
        headers.Remove("X-App-Usage");
        headers["X-Business-Use-Case-Usage"] =
            $$"""{"{{objectId}}":[{"type":"{{type}}","call_count":{{callCount}},"total_cputime":{{Math.Min(callCount, 30)}},"total_time":{{Math.Min(callCount, 30)}},"estimated_time_to_regain_access":{{regainMinutes}}}]}""";
        return headers;
    }

    /// <summary>A Graph error answer (status as Graph sends it for the code), with the headers.</summary>
    public static Reply Error(int status, string fixture, Dictionary<string, string>? headers = null)
    {
        var all = headers ?? Headers();
        all["WWW-Authenticate"] = "OAuth \"Facebook Platform\" \"invalid_request\" \"see the error body\"";
        return new Reply(status, Fixtures.Read(fixture), all);
    }

    public static Reply Json(string fixture, Dictionary<string, string>? headers = null) => Reply.Fixture(fixture, headers ?? Headers());

    public static string Field(HttpRequest request, string name) => request.Query[name].ToString();
}

/// <summary>The recorded Facebook Page AcmeCoffee (id 1000000001).</summary>
public static class FacebookFake
{
    public const string Handle = "AcmeCoffee";
    public const string PageId = "1000000001";
    public const string Token = "test-fb-token";
    public static readonly string PageNode = GraphFake.Path("acmecoffee");
    public static readonly string Posts = GraphFake.Path($"{PageId}/posts");

    public static string Comments(string postId) => GraphFake.Path($"{postId}/comments");

    public static FakeApi ServeFacebookAcme(this FakeApi api)
    {
        api.On(PageNode, request => request.Query["access_token"] == Token
            ? GraphFake.Json("facebook/page.json")
            : GraphFake.Error(400, "facebook/error-token-expired.json"));
        api.On(Posts, request => request.Query["after"].ToString() switch
        {
            "" => GraphFake.Json("facebook/posts-page1.json"),
            "QVFIUmFmdGVyMQ" => GraphFake.Json("facebook/posts-page2.json"),
            _ => Reply.Json("""{"data":[]}""", GraphFake.Headers()),
        });
        api.On(Comments("1000000001_2001"), request => request.Query["after"].ToString() switch
        {
            "" => GraphFake.Json("facebook/comments-2001-page1.json"),
            "MgZDZD" => GraphFake.Json("facebook/comments-2001-page2.json"),
            _ => Reply.Json("""{"data":[]}""", GraphFake.Headers()),
        });
        api.On(Comments("1000000001_2004"), _ => GraphFake.Json("facebook/comments-2004.json"));
        api.On(Comments("1000000001_2003"), _ => Reply.Json("""{"data":[]}""", GraphFake.Headers()));
        return api;
    }

    /// <summary>Unix seconds, as <c>since</c> is sent.</summary>
    public static string Seconds(DateTimeOffset instant) => instant.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}

/// <summary>The app user's own Instagram account acmecoffee, and a competitor rivalbeans seen through business discovery.</summary>
public static class InstagramFake
{
    public const string Handle = "acmecoffee";
    public const string Rival = "rivalbeans";
    public const string UserId = "17841400000000001";
    public const string Token = "test-ig-token";
    public const string M1 = "17900000000000001";
    public const string C1 = "18000000000000001";
    public static readonly string UserNode = GraphFake.Path(UserId);
    public static readonly string Media = GraphFake.Path($"{UserId}/media");
    public static readonly string Replies = GraphFake.Path($"{C1}/replies");

    public static string Comments(string mediaId) => GraphFake.Path($"{mediaId}/comments");

    public static FakeApi ServeInstagramAcme(this FakeApi api)
    {
        api.On(UserNode, request => GraphFake.Field(request, "fields") switch
        {
            "id,username,followers_count" => GraphFake.Json("instagram/me.json"),
            var fields when fields.StartsWith("business_discovery.username(rivalbeans){", StringComparison.Ordinal) =>
                fields.Contains(".after(QVFIUmRpc2NvdmVyeTE)", StringComparison.Ordinal)
                    ? GraphFake.Json("instagram/discovery-page2.json")
                    : GraphFake.Json("instagram/discovery-page1.json"),
            var fields when fields.StartsWith("business_discovery.username(", StringComparison.Ordinal) =>
                GraphFake.Error(400, "instagram/error-not-business.json"),
            _ => new Reply(400, """{"error":{"message":"(#100) Tried accessing nonexisting field","type":"OAuthException","code":100}}""", GraphFake.Headers()),
        });
        api.On(Media, request => request.Query["after"].ToString() switch
        {
            "" => GraphFake.Json("instagram/media-page1.json"),
            "QVFIUm1lZGlhQWZ0ZXIx" => GraphFake.Json("instagram/media-page2.json"),
            _ => Reply.Json("""{"data":[]}""", GraphFake.Headers()),
        });
        api.On(Comments(M1), request => request.Query["after"].ToString() switch
        {
            "" => GraphFake.Json("instagram/comments-m1-page1.json"),
            "Q29tbWVudEFmdGVyMQ" => GraphFake.Json("instagram/comments-m1-page2.json"),
            _ => Reply.Json("""{"data":[]}""", GraphFake.Headers()),
        });
        api.On(Replies, _ => GraphFake.Json("instagram/replies-c1-page2.json"));
        foreach (var quiet in new[] { "17900000000000002", "17900000000000003" })
        {
            api.On(Comments(quiet), _ => Reply.Json("""{"data":[]}""", GraphFake.Headers()));
        }

        return api;
    }
}
