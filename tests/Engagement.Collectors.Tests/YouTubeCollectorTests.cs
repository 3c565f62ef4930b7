using Engagement.Collectors.Engine;
using Engagement.Collectors.Storage;
using Engagement.Collectors.Tests.Infrastructure;
using Engagement.Domain.Model;

namespace Engagement.Collectors.Tests;

public sealed class YouTubeCollectorTests
{
    private static readonly Account Acme = new("acme", "youtube", "acmetv");

    private static async Task<(FakeApi Api, CollectorHarness Harness)> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        var api = (await FakeApi.StartAsync(time)).ServeYouTubeAcme();
        var harness = CollectorHarness.Create(youTube: api, time: time, settings: settings);
        harness.Track("acme", "youtube", YouTubeFake.Handle);
        return (api, harness);
    }

    [Test]
    public async Task Videos_are_brand_posts_with_observed_views_and_comments_are_threads()
    {
        var (api, harness) = await StartAsync();
        await using var _ = api;
        await using var __ = harness;

        var summary = await harness.Runner.RunOnceAsync("youtube");

        Assert.That(summary.Accounts.Single().Outcome, Is.EqualTo(AccountRunOutcome.Succeeded), summary.Accounts.Single().Error);
        var posts = harness.Memory.Posts.ToDictionary(p => p.PostId);
        Assert.That(posts.Keys, Has.No.Member("vid0AAAAAAA"), "older than the backfill");
        var video = posts["vid1AAAAAAA"];
        Assert.That((video.Author, video.Likes, video.Replies, video.Views), Is.EqualTo(("acmetv", 40L, 6L, (long?)1200)));
        var top = posts["UgzT1aaaaaaaaaaaaaa4AaABAg"];
        Assert.That((top.Author, top.InReplyToPost, top.InReplyToAuthor, top.Likes), Is.EqualTo(("alice", "vid1AAAAAAA", "acmetv", 3L)));
        var answer = posts["UgzT1aaaaaaaaaaaaaa4AaABAg.AbCR1r1r1r1"];
        Assert.That((answer.Author, answer.InReplyToPost, answer.InReplyToAuthor), Is.EqualTo(("acmetv", "UgzT1aaaaaaaaaaaaaa4AaABAg", "alice")));
        Assert.That(posts["UgzT2bbbbbbbbbbbbbb4AaABAg.AbCR4r4r4r4"].Mentions, Is.EqualTo(new[] { "acmetv" }));
        Assert.That(harness.Memory.Followers.Single().Followers, Is.EqualTo(5300));

        // One call each for the channel, 2 playlist pages, the videos (50 ids per call); threads
        // only for the video with comments, and comments.list for the thread with more replies.
        Assert.That(api.CountOf(YouTubeFake.Channels), Is.EqualTo(1));
        Assert.That(api.CountOf(YouTubeFake.PlaylistItems), Is.EqualTo(2));
        Assert.That(api.CountOf(YouTubeFake.Videos), Is.EqualTo(1));
        Assert.That(api.Requests.Where(r => r.Path == YouTubeFake.CommentThreads).Select(r => r.Query["videoId"].ToString()), Is.EqualTo(new[] { "vid1AAAAAAA" }));
        Assert.That(api.Requests.Where(r => r.Path == YouTubeFake.Comments).Select(r => r.Query["parentId"].ToString()), Is.EqualTo(new[] { "UgzT2bbbbbbbbbbbbbb4AaABAg" }));
        Assert.That(api.Requests.All(r => r.Query["key"] == "test-api-key"));
    }

    [Test]
    public async Task Channel_answers_are_admin_answers_for_the_scoring_engine()
    {
        var (api, harness) = await StartAsync();
        await using var _ = api;
        await using var __ = harness;

        await harness.Runner.RunOnceAsync("youtube");

        var measures = harness.Measure(Acme, new DateOnly(2025, 2, 18), new DateOnly(2025, 3, 21));
        Assert.That(measures.Posts, Is.EqualTo(2));
        Assert.That(measures.Answers, Is.EqualTo(2));
        Assert.That(measures.UserPosts, Is.EqualTo(3), "two top-level comments and dave's @acmetv reply");
        Assert.That(measures.AnsweredUserPosts, Is.EqualTo(2));
        Assert.That(measures.Reach, Is.EqualTo(2000));
        Assert.That(measures.ReachBasis, Is.EqualTo(Domain.Scoring.ReachBasis.Observed));
    }

    [Test]
    public async Task Quota_exceeded_pauses_the_network_until_midnight_pacific_without_retrying()
    {
        // One account at a time, so "after the 403" is well defined.
        var (api, harness) = await StartAsync(new Dictionary<string, string?> { ["Collectors:YouTube:MaxConcurrency"] = "1" });
        await using var _ = api;
        await using var __ = harness;
        harness.Track("other", "youtube", "@othertv");
        api.Once(YouTubeFake.Channels, YouTubeFake.QuotaExceeded);

        var first = await harness.Runner.RunOnceAsync("youtube");
        var requests = api.Requests.Count;
        var second = await harness.Runner.RunOnceAsync("youtube");

        Assert.That(requests, Is.EqualTo(1), "the 403 is never retried, and the other account sends nothing");
        Assert.That(api.Requests, Has.Count.EqualTo(1), "still paused on the next run");
        Assert.That(first.Accounts.Select(a => a.Outcome), Is.All.EqualTo(AccountRunOutcome.Paused));
        Assert.That(second.Accounts.Select(a => a.Outcome), Is.All.EqualTo(AccountRunOutcome.Paused));
        // 2025-03-20T12:00Z is 05:00 PDT: the quota resets at 07:00Z the next day.
        var midnightPacific = new DateTimeOffset(2025, 3, 21, 7, 0, 0, TimeSpan.Zero);
        var statuses = await harness.Status.GetAsync("youtube");
        Assert.That(statuses.Select(s => s.Health), Is.All.EqualTo(CollectorHealth.Paused));
        Assert.That(statuses.Select(s => s.NetworkPausedUntil), Is.All.EqualTo(midnightPacific));
        Assert.That(statuses.Select(s => s.NextRunAt), Is.All.EqualTo(midnightPacific));
        Assert.That(harness.Memory.Posts, Is.Empty);

        harness.Time.Advance(TimeSpan.FromHours(19));
        var after = await harness.Runner.RunOnceAsync("youtube");
        Assert.That(after.Accounts.Single(a => a.Handle == "acmetv").Outcome, Is.EqualTo(AccountRunOutcome.Succeeded), "open again after the reset");
    }

    [Test]
    public async Task The_client_side_quota_counts_units_and_pauses_before_the_server_would_refuse()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeYouTubeAcme();
        await using var harness = CollectorHarness.Create(youTube: api, time: time, settings: new Dictionary<string, string?> { ["Collectors:YouTube:RateLimit"] = "4" });
        harness.Track("acme", "youtube", YouTubeFake.Handle);

        var summary = await harness.Runner.RunOnceAsync("youtube");

        Assert.That(api.Requests, Has.Count.EqualTo(4), "4 units of 1");
        Assert.That(summary.Accounts.Single().Outcome, Is.EqualTo(AccountRunOutcome.Paused));
        Assert.That(harness.Memory.Posts, Is.Empty, "a run cut short stores nothing");
    }

    [Test]
    public async Task A_video_with_comments_disabled_is_stored_without_comments()
    {
        var (api, harness) = await StartAsync();
        await using var _ = api;
        await using var __ = harness;
        // vid2 claims comments, but its threads answer 403 commentsDisabled (the fake's default for it).
        api.On(YouTubeFake.Videos, Reply.Json(Fixtures.Read("youtube/videos.json").Replace("\"commentCount\": \"0\"", "\"commentCount\": \"2\"", StringComparison.Ordinal)));

        var summary = await harness.Runner.RunOnceAsync("youtube");

        Assert.That(summary.Accounts.Single().Outcome, Is.EqualTo(AccountRunOutcome.Succeeded), summary.Accounts.Single().Error);
        Assert.That(api.Requests.Where(r => r.Path == YouTubeFake.CommentThreads).Select(r => r.Query["videoId"].ToString()), Is.EquivalentTo(new[] { "vid1AAAAAAA", "vid2AAAAAAA" }));
        Assert.That(harness.Memory.Posts.Single(p => p.PostId == "vid2AAAAAAA").Replies, Is.EqualTo(2));
        Assert.That(api.Requests.Count(r => r.Path == YouTubeFake.CommentThreads && r.Query["videoId"] == "vid2AAAAAAA"), Is.EqualTo(1), "a 403 is not retried");
    }

    [Test]
    public async Task A_refused_api_key_stops_youtube_for_the_pass_without_retrying()
    {
        var (api, harness) = await StartAsync(new Dictionary<string, string?> { ["Collectors:YouTube:MaxConcurrency"] = "1" });
        await using var _ = api;
        await using var __ = harness;
        harness.Track("beta", "youtube", "@betatv");
        api.On(YouTubeFake.Channels, new Reply(400, Fixtures.Read("youtube/error-key-invalid.json")));

        var summary = await harness.Runner.RunOnceAsync("youtube");

        Assert.That(summary.Accounts.Select(a => a.Outcome), Is.All.EqualTo(AccountRunOutcome.Unauthorized));
        Assert.That(summary.Accounts, Has.Count.EqualTo(2));
        Assert.That(api.Requests, Has.Count.EqualTo(1), "never retried; once refused, the rest of the pass sends nothing");
        var statuses = await harness.Status.GetAsync("youtube");
        Assert.That(statuses.Select(s => s.Health), Is.All.EqualTo(Storage.CollectorHealth.Unauthorized));
        Assert.That(statuses.Select(s => s.LastError), Is.All.Contains("API_KEY_INVALID").And.All.Contains("Collectors:YouTube:ApiKey"));
    }
}
