using System.Globalization;

namespace Engagement.Collectors.Tests.Infrastructure;

/// <summary>The recorded Mastodon account acme@social.example, served as social.example would.</summary>
public static class MastodonFake
{
    public const string Handle = "acme@social.example";
    public const string Lookup = "/api/v1/accounts/lookup";
    public const string Statuses = "/api/v1/accounts/109000000000000001/statuses";
    public const string Page2MaxId = "113800000000000011";
    public const string Page3MaxId = "113000000000000001";

    /// <summary>A second, quiet account of the instance: lookup and an empty timeline.</summary>
    public const string BetaHandle = "beta@social.example";
    public const string BetaId = "200";
    public const string BetaStatuses = "/api/v1/accounts/200/statuses";

    public static string Context(string statusId) => $"/api/v1/statuses/{statusId}/context";

    /// <summary>Serves the backfill fixtures; <paramref name="later"/> serves the next hour's first page.</summary>
    public static FakeApi ServeMastodonAcme(this FakeApi api, TimeProvider time, bool later = false)
    {
        api.On(Lookup, request => request.Query["acct"].ToString() switch
        {
            Handle => Reply.Fixture("mastodon/lookup.json", Limits(time)),
            BetaHandle => Reply.Json($$"""{"id":"{{BetaId}}","username":"beta","acct":"beta","followers_count":7,"suspended":false}""", Limits(time)),
            _ => new Reply(404, """{"error":"Record not found"}""", Limits(time)),
        });
        api.On(BetaStatuses, _ => Reply.Json("[]", Limits(time)));
        api.On(Statuses, request => request.Query["max_id"].ToString() switch
        {
            "" => Reply.Fixture(later ? "mastodon/statuses-page1-v2.json" : "mastodon/statuses-page1.json", Paged(time, Page2MaxId)),
            Page2MaxId => Reply.Fixture("mastodon/statuses-page2.json", Paged(time, Page3MaxId)),
            _ => Reply.Json("[]", Limits(time)),
        });
        api.On(Context("113800000000000001"), _ => Reply.Fixture("mastodon/context-s1.json", Limits(time)));
        api.On(Context("113800000000000011"), _ => Reply.Fixture("mastodon/context-a1.json", Limits(time)));
        api.On(Context("114000000000000004"), _ => Reply.Fixture("mastodon/context-s4.json", Limits(time)));
        return api;
    }

    /// <summary>Mastodon's rate-limit headers: the reset is an ISO 8601 instant.</summary>
    public static Dictionary<string, string> Limits(TimeProvider time, int remaining = 299) => new()
    {
        ["X-RateLimit-Limit"] = "300",
        ["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture),
        ["X-RateLimit-Reset"] = Iso(time.GetUtcNow().AddMinutes(5)),
    };

    public static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    // The server names itself (social.example) in its links: the client must rebase them.
    private static Dictionary<string, string> Paged(TimeProvider time, string maxId)
    {
        var headers = Limits(time);
        headers["Link"] = $"<https://social.example{Statuses}?limit=40&exclude_reblogs=true&max_id={maxId}>; rel=\"next\", "
            + $"<https://social.example{Statuses}?limit=40&exclude_reblogs=true&min_id=113900000000000003>; rel=\"prev\"";
        return headers;
    }
}

/// <summary>The recorded Bluesky account acme.bsky.social.</summary>
public static class BlueskyFake
{
    public const string Handle = "acme.bsky.social";
    public const string Did = "did:plc:acmeaaaaaaaaaaaaaaaaaaaa";
    public const string Profile = "/xrpc/app.bsky.actor.getProfile";
    public const string Feed = "/xrpc/app.bsky.feed.getAuthorFeed";
    public const string Thread = "/xrpc/app.bsky.feed.getPostThread";
    public const string Page2Cursor = "2025-03-01T10:59:00.000Z";
    public const string P1 = "at://did:plc:acmeaaaaaaaaaaaaaaaaaaaa/app.bsky.feed.post/3ljpa1aaaaa2a";

    public static FakeApi ServeBlueskyAcme(this FakeApi api, TimeProvider time)
    {
        api.On(Profile, request => request.Query["actor"] == Handle
            ? Reply.Fixture("bluesky/profile.json", Limits(time))
            : new Reply(400, """{"error":"InvalidRequest","message":"Profile not found"}""", Limits(time)));
        api.On(Feed, request => (request.Query["actor"].ToString(), request.Query["cursor"].ToString()) switch
        {
            (Did, "") => Reply.Fixture("bluesky/feed-page1.json", Limits(time)),
            (Did, Page2Cursor) => Reply.Fixture("bluesky/feed-page2.json", Limits(time)),
            (Did, _) => Reply.Json("""{"feed":[]}""", Limits(time)),
            _ => new Reply(400, """{"error":"InvalidRequest","message":"Profile not found"}""", Limits(time)),
        });
        api.On(Thread, request => request.Query["uri"] == P1
            ? Reply.Fixture("bluesky/thread-p1.json", Limits(time))
            : new Reply(400, """{"error":"NotFound","message":"Post not found"}""", Limits(time)));
        return api;
    }

    /// <summary>The AppView's headers: RateLimit-Reset in epoch seconds.</summary>
    public static Dictionary<string, string> Limits(TimeProvider time, int remaining = 2999) => new()
    {
        ["RateLimit-Limit"] = "3000",
        ["RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture),
        ["RateLimit-Reset"] = time.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        ["RateLimit-Policy"] = "3000;w=300",
    };
}

/// <summary>The recorded YouTube channel @acmetv.</summary>
public static class YouTubeFake
{
    public const string Handle = "@acmetv";
    public const string Channels = "/youtube/v3/channels";
    public const string PlaylistItems = "/youtube/v3/playlistItems";
    public const string Videos = "/youtube/v3/videos";
    public const string CommentThreads = "/youtube/v3/commentThreads";
    public const string Comments = "/youtube/v3/comments";

    public static FakeApi ServeYouTubeAcme(this FakeApi api)
    {
        api.On(Channels, request => request.Query["forHandle"] == "@acmetv" && request.Query["key"] == "test-api-key"
            ? Reply.Fixture("youtube/channels.json")
            : Reply.Fixture("youtube/channels-empty.json"));
        api.On(PlaylistItems, request => request.Query["pageToken"].ToString() switch
        {
            "" => Reply.Fixture("youtube/playlist-page1.json"),
            "EAAaBlBUOkNESQ" => Reply.Fixture("youtube/playlist-page2.json"),
            _ => Reply.Json("""{"items":[]}"""),
        });
        api.On(Videos, _ => Reply.Fixture("youtube/videos.json"));
        api.On(CommentThreads, request => request.Query["videoId"] == "vid1AAAAAAA"
            ? Reply.Fixture("youtube/comment-threads-vid1.json")
            : new Reply(403, Fixtures.Read("youtube/error-comments-disabled.json")));
        api.On(Comments, request => request.Query["parentId"] == "UgzT2bbbbbbbbbbbbbb4AaABAg"
            ? Reply.Fixture("youtube/comments-t2.json")
            : Reply.Json("""{"items":[]}"""));
        return api;
    }

    public static Reply QuotaExceeded => new(403, Fixtures.Read("youtube/error-quota.json"));
}
