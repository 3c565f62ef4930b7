using Engagement.Collectors.Engine;
using Engagement.Collectors.Storage;
using Engagement.Collectors.Tests.Infrastructure;
using Engagement.Domain.Model;

namespace Engagement.Collectors.Tests;

public sealed class FacebookCollectorTests
{
    private static readonly Account Acme = new("acme", "facebook", "acmecoffee");
    private static readonly DateOnly From = new(2025, 2, 18);
    private static readonly DateOnly To = new(2025, 3, 21);

    internal static async Task<(FakeApi Api, CollectorHarness Harness)> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        var api = (await FakeApi.StartAsync(time)).ServeFacebookAcme();
        var harness = CollectorHarness.Create(facebook: api, time: time, settings: settings);
        harness.Track("acme", "facebook", FacebookFake.Handle);
        return (api, harness);
    }

    [Test]
    public async Task A_backfill_reads_every_page_and_stores_posts_and_comments_as_networks_md_maps_them()
    {
        var (api, harness) = await StartAsync();
        await using var _ = api;
        await using var __ = harness;

        var summary = await harness.Runner.RunOnceAsync("facebook");

        Assert.That(summary.Accounts.Single().Outcome, Is.EqualTo(AccountRunOutcome.Succeeded), summary.Accounts.Single().Error);
        var posts = harness.Memory.Posts.ToDictionary(p => p.PostId);
        Assert.That(posts.Keys, Is.EquivalentTo(new[]
        {
            "1000000001_2001", "1000000001_2003", "1000000001_2004",
            "2001_3001", "2001_3002", "2001_3003", "2001_3004", "2001_3005", "2001_3006", "2004_3101", "2004_3102",
        }), "the share (parent_id) is not stored");

        var p1 = posts["1000000001_2001"];
        Assert.That((p1.Author, p1.InReplyToPost, p1.InReplyToAuthor, p1.Likes, p1.Shares, p1.Quotes, p1.Replies, p1.Views),
            Is.EqualTo(("acmecoffee", (string?)null, (string?)null, 25L, 4L, 0L, 3L, (long?)null)));
        Assert.That(p1.Mentions, Is.EqualTo(new[] { "5551", "acmecoffee" }), "h(id) of each message tag");
        Assert.That(p1.CreatedAt, Is.EqualTo(UtcMicros.FromDateTimeOffset(new DateTimeOffset(2025, 3, 19, 9, 0, 0, TimeSpan.Zero))));
        var p2 = posts["1000000001_2003"];
        Assert.That((p2.Likes, p2.Shares, p2.Replies), Is.EqualTo((0L, 0L, 0L)), "reactions and shares absent: 0");
        Assert.That(p2.CreatedAt, Is.EqualTo(UtcMicros.FromDateTimeOffset(new DateTimeOffset(2025, 3, 10, 7, 45, 12, TimeSpan.Zero))), "+0000 parsed to the second");

        var top = posts["2001_3001"];
        Assert.That((top.Author, top.InReplyToPost, top.InReplyToAuthor, top.Likes, top.Replies), Is.EqualTo(("5551", "1000000001_2001", "acmecoffee", 2L, 2L)));
        var answer = posts["2001_3002"];
        Assert.That((answer.Author, answer.InReplyToPost, answer.InReplyToAuthor), Is.EqualTo(("acmecoffee", "2001_3001", "5551")));
        Assert.That(answer.Mentions, Is.EqualTo(new[] { "5551" }));
        Assert.That((posts["2001_3003"].InReplyToAuthor, posts["2001_3003"].Mentions.Single()), Is.EqualTo(("5551", "acmecoffee")));
        Assert.That((posts["2001_3004"].Author, posts["2001_3004"].InReplyToAuthor), Is.EqualTo(("acmecoffee", "acmecoffee")));
        Assert.That((posts["2001_3005"].InReplyToPost, posts["2001_3005"].InReplyToAuthor, posts["2001_3005"].Likes), Is.EqualTo(("2001_3004", "acmecoffee", 0L)));
        Assert.That(harness.Memory.Followers.Single().Followers, Is.EqualTo(12000));
    }

    [Test]
    public async Task Requests_are_the_documented_ones_and_next_pages_are_rebuilt_against_the_configured_root()
    {
        var (api, harness) = await StartAsync();
        await using var _ = api;
        await using var __ = harness;

        await harness.Runner.RunOnceAsync("facebook");

        var page = api.Requests.Single(r => r.Path == FacebookFake.PageNode);
        Assert.That(page.Query["fields"].ToString(), Is.EqualTo("id,username,followers_count"));
        var posts = api.Requests.Where(r => r.Path == FacebookFake.Posts).ToList();
        Assert.That(posts, Has.Count.EqualTo(2), "both pages, the second through paging.next on the fake, not graph.facebook.com");
        Assert.That(posts[0].Query["fields"].ToString(), Is.EqualTo(
            "id,created_time,message_tags,parent_id,shares,reactions.limit(0).summary(total_count),comments.limit(0).summary(true)"));
        Assert.That(posts[0].Query["since"].ToString(), Is.EqualTo(FacebookFake.Seconds(CollectorHarness.Start.AddDays(-30))));
        Assert.That(posts[0].Query["limit"].ToString(), Is.EqualTo("100"));
        Assert.That(posts[1].Query["after"].ToString(), Is.EqualTo("QVFIUmFmdGVyMQ"));
        Assert.That(api.Requests.Select(r => r.Query["access_token"].ToString()), Is.All.EqualTo(FacebookFake.Token), "ours, never the token in a next link");

        var comments = api.Requests.Where(r => r.Path.EndsWith("/comments", StringComparison.Ordinal)).ToList();
        Assert.That(comments.Select(r => r.Path).Distinct(), Is.EquivalentTo(new[]
        {
            FacebookFake.Comments("1000000001_2001"), FacebookFake.Comments("1000000001_2003"), FacebookFake.Comments("1000000001_2004"),
        }), "every stored post, never the share");
        Assert.That(comments.Count(r => r.Path == FacebookFake.Comments("1000000001_2001")), Is.EqualTo(2));
        Assert.That(comments.Select(r => (r.Query["filter"].ToString(), r.Query["order"].ToString())), Is.All.EqualTo(("stream", "chronological")));
        Assert.That(comments[0].Query["fields"].ToString(), Is.EqualTo("id,from{id},created_time,parent{id},message_tags,like_count,comment_count"));
    }

    [Test]
    public async Task Page_answers_and_thread_continuations_are_classified_by_the_scoring_engine()
    {
        var (api, harness) = await StartAsync();
        await using var _ = api;
        await using var __ = harness;

        await harness.Runner.RunOnceAsync("facebook");

        var measures = harness.Measure(Acme, From, To);
        // Brand posts: the 3 posts and the Page's own comment thread under its post (2001_3004, 2001_3005).
        Assert.That(measures.Posts, Is.EqualTo(5));
        Assert.That(measures.Answers, Is.EqualTo(2), "the Page's replies to 5551 and 8881");
        Assert.That(measures.UserPosts, Is.EqualTo(4), "3 comments on the Page's posts and 5551's reply tagging the Page");
        Assert.That(measures.AnsweredUserPosts, Is.EqualTo(2));
        Assert.That(measures.MedianFirstResponseMinutes, Is.EqualTo(((60.0 * 24) + 60) / 2), "1 h and 24 h");
    }

    [Test]
    public async Task An_incremental_run_refreshes_counts_in_the_window_and_a_second_identical_pass_changes_nothing()
    {
        var (api, harness) = await StartAsync();
        await using var _ = api;
        await using var __ = harness;
        var first = await harness.Runner.RunOnceAsync("facebook");
        Assert.That(first.PostsInserted, Is.EqualTo(11));

        harness.Time.Advance(TimeSpan.FromHours(1));
        api.On(FacebookFake.Posts, request => request.Query["after"].ToString() == ""
            ? Reply.Json(Fixtures.Read("facebook/posts-page1.json").Replace("\"total_count\": 25", "\"total_count\": 31", StringComparison.Ordinal), GraphFake.Headers())
            : GraphFake.Json("facebook/posts-page2.json"));
        var second = await harness.Runner.RunOnceAsync("facebook");

        Assert.That((second.PostsInserted, second.PostsUpdated), Is.EqualTo((0, 1)), "one post's reactions grew");
        Assert.That(harness.Memory.Posts.Single(p => p.PostId == "1000000001_2001").Likes, Is.EqualTo(31));
        var since = api.Requests.Where(r => r.Path == FacebookFake.Posts).Last(r => r.Query["after"].Count == 0).Query["since"].ToString();
        Assert.That(since, Is.EqualTo(FacebookFake.Seconds(CollectorHarness.Start.AddHours(1).AddDays(-30))), "the refresh window");
        var state = await harness.StateAsync("facebook", "acmecoffee");
        Assert.That(state!.Cursor, Is.EqualTo("1000000001_2001"), "the newest post, not the share");

        var third = await harness.Runner.RunOnceAsync("facebook");
        Assert.That((third.PostsInserted, third.PostsUpdated), Is.EqualTo((0, 0)));
        Assert.That(harness.Memory.Posts, Has.Count.EqualTo(11));
        Assert.That(harness.Memory.Followers, Has.Count.EqualTo(1), "one snapshot per account and day");
    }

    [Test]
    public async Task A_page_that_does_not_exist_is_unavailable_and_the_others_are_collected()
    {
        var (api, harness) = await StartAsync();
        await using var _ = api;
        await using var __ = harness;
        harness.Track("ghost", "facebook", "nosuchpage");
        api.On(GraphFake.Path("nosuchpage"), GraphFake.Error(404, "facebook/error-not-found.json"));

        var summary = await harness.Runner.RunOnceAsync("facebook");

        var ghost = summary.Accounts.Single(a => a.Handle == "nosuchpage");
        Assert.That(ghost.Outcome, Is.EqualTo(AccountRunOutcome.Unavailable));
        Assert.That(ghost.Error, Does.Contain("803"));
        Assert.That(summary.Accounts.Single(a => a.Handle == "acmecoffee").Outcome, Is.EqualTo(AccountRunOutcome.Succeeded));
        Assert.That(api.CountOf(GraphFake.Path("nosuchpage")), Is.EqualTo(1), "not retried");
    }

    [TestCase("facebook", "Collectors:Facebook:AccessToken", TestName = "Facebook without a token is disabled")]
    [TestCase("instagram", "Collectors:Instagram:AccessToken", TestName = "Instagram without a token is disabled")]
    [TestCase("instagram", "Collectors:Instagram:UserId", TestName = "Instagram without its user id is disabled")]
    public async Task A_network_without_credentials_is_disabled_with_its_reason_and_sends_nothing(string network, string key)
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeFacebookAcme().ServeInstagramAcme();
        await using var harness = CollectorHarness.Create(facebook: api, instagram: api, time: time, settings: new Dictionary<string, string?> { [key] = "" });
        harness.Track("acme", network, "acmecoffee");

        var summary = await harness.Runner.RunOnceAsync(network);

        Assert.That(summary.Accounts, Is.Empty);
        Assert.That(summary.Notes.Single(), Does.StartWith(network).And.Contain($"{key} is not set"));
        Assert.That(api.Requests, Is.Empty);
        await harness.Host.StartAsync();
        await harness.Host.StopAsync();
        Assert.That(api.Requests, Is.Empty, "the background worker does not start either, and the host runs");
        var status = (await harness.Status.GetAsync(network)).Single();
        Assert.That((status.Health, status.DisabledReason), Is.EqualTo((CollectorHealth.Disabled, (string?)$"{key} is not set")).Using<(CollectorHealth, string?)>(
            (actual, expected) => actual.Item1 == expected.Item1 && actual.Item2?.StartsWith(expected.Item2!, StringComparison.Ordinal) == true));
    }
}
