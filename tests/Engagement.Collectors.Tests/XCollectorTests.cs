using Engagement.Collectors.Engine;
using Engagement.Collectors.Storage;
using Engagement.Collectors.Tests.Infrastructure;
using Engagement.Domain.Model;

namespace Engagement.Collectors.Tests;

public sealed class XCollectorTests
{
    private static readonly Account Acme = new("acme", "x", XFake.Handle);
    private static readonly DateOnly From = new(2025, 2, 18);
    private static readonly DateOnly To = new(2025, 3, 21);

    [Test]
    public async Task Backfill_reads_every_page_of_both_timelines_and_skips_retweets()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeXAcme(time);
        await using var harness = CollectorHarness.Create(time: time, settings: XFake.Settings(api));
        harness.Track("acme", "x", "@AcmeCoffee");

        var summary = await harness.Runner.RunOnceAsync("x");

        Assert.That(summary.Accounts.Single().Outcome, Is.EqualTo(AccountRunOutcome.Succeeded), summary.Accounts.Single().Error);
        Assert.That(harness.Memory.Posts.Select(p => p.PostId).Order(), Is.EqualTo(new[]
        {
            "1896000000000000001", "1896000000000000003", "1896000000000000006", "1896100000000000001",
            "1896100000000000002", "1898000000000000001", "1900000000000000001", "1900000000000000002",
        }), "the retweets (acme's and dave's) are not stored");
        Assert.That(api.Requests.Select(r => r.Path), Is.EqualTo(new[] { XFake.Lookup, XFake.Tweets, XFake.Tweets, XFake.Mentions }));
        var second = api.Requests.Where(r => r.Path == XFake.Tweets).Last();
        Assert.That(second.Query["pagination_token"].ToString(), Is.EqualTo(XFake.NextToken));
        Assert.That(second.Query["start_time"].ToString(), Is.EqualTo("2025-02-18T12:00:00Z"), "the backfill start");
        Assert.That(harness.Memory.Followers.Single(), Is.EqualTo(new FollowerSnapshot("x", XFake.Handle, new DateOnly(2025, 3, 20), 2400)));
        var state = await harness.StateAsync("x", XFake.Handle);
        Assert.That((state!.Cursor, state.Health, state.RequestsMade), Is.EqualTo(("1900000000000000002", CollectorHealth.Ok, 4L)));
    }

    [Test]
    public async Task Posts_map_the_wire_format_to_the_model()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeXAcme(time);
        await using var harness = CollectorHarness.Create(time: time, settings: XFake.Settings(api));
        harness.Track("acme", "x", XFake.Handle);

        await harness.Runner.RunOnceAsync("x");

        var posts = harness.Memory.Posts.ToDictionary(p => p.PostId);
        var t4 = posts["1900000000000000001"];
        Assert.That((t4.Author, t4.Likes, t4.Shares, t4.Quotes, t4.Replies, t4.Views), Is.EqualTo((XFake.Handle, 25L, 4L, 2L, 1L, (long?)5000)));
        Assert.That((t4.InReplyToPost, t4.InReplyToAuthor, t4.Mentions.Count), Is.EqualTo(((string?)null, (string?)null, 0)));
        var t5 = posts["1900000000000000002"];
        Assert.That(t5.CreatedAt, Is.EqualTo(UtcMicros.FromDateTimeOffset(new DateTimeOffset(2025, 3, 15, 10, 5, 0, 123, TimeSpan.Zero))), "milliseconds kept");
        Assert.That((t5.InReplyToPost, t5.InReplyToAuthor), Is.EqualTo(("1900000000000000001", XFake.Handle)), "a thread continuation");
        var answer = posts["1896000000000000006"];
        Assert.That((answer.InReplyToPost, answer.InReplyToAuthor), Is.EqualTo(("1896000000000000003", "alice_w")));
        Assert.That(answer.Mentions, Is.EqualTo(new[] { "alice_w" }));
        var carol = posts["1896100000000000002"];
        Assert.That((carol.Author, carol.InReplyToAuthor), Is.EqualTo(("carol", "bobroasts")));
        Assert.That(carol.Mentions, Is.EqualTo(new[] { "bobroasts", XFake.Handle }));
        Assert.That(posts["1896100000000000001"].Likes, Is.Zero, "a like count missing from public_metrics is 0");
        Assert.That(posts["1898000000000000001"].Author, Is.EqualTo(XFake.Handle), "a quote post is a post");
    }

    [Test]
    public async Task Replies_and_mentions_are_classified_by_the_scoring_engine()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeXAcme(time);
        await using var harness = CollectorHarness.Create(time: time, settings: XFake.Settings(api));
        harness.Track("acme", "x", XFake.Handle);

        await harness.Runner.RunOnceAsync("x");

        var measures = harness.Measure(Acme, From, To);
        Assert.That(measures.Posts, Is.EqualTo(4), "T1, the quote T3, T4 and the continuation T5");
        Assert.That(measures.Answers, Is.EqualTo(1), "T2 answers alice");
        Assert.That(measures.UserPosts, Is.EqualTo(3), "alice's and bob's replies, carol's mention");
        Assert.That(measures.AnsweredUserPosts, Is.EqualTo(1));
        Assert.That(measures.MedianFirstResponseMinutes, Is.EqualTo(60));
        Assert.That(measures.Interactions, Is.EqualTo(15 + 6 + 32 + 2));
        Assert.That(measures.FollowersEnd, Is.EqualTo(2400));
    }

    [Test]
    public async Task An_incremental_run_adds_new_posts_refreshes_counts_and_a_second_pass_changes_nothing()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeXAcme(time);
        await using var harness = CollectorHarness.Create(time: time, settings: XFake.Settings(api));
        harness.Track("acme", "x", XFake.Handle);
        await harness.Runner.RunOnceAsync("x");

        time.Advance(TimeSpan.FromHours(1));
        api.ServeXAcme(time, later: true);
        var summary = await harness.Runner.RunOnceAsync("x");

        var posts = harness.Memory.Posts;
        Assert.That(posts.Select(p => p.PostId).Distinct().Count(), Is.EqualTo(posts.Count), "no duplicates");
        Assert.That(posts, Has.Count.EqualTo(10), "8 + the new post T6 + dave's reply to it");
        Assert.That(posts.Single(p => p.PostId == "1900000000000000001").Likes, Is.EqualTo(30), "counts updated in place");
        Assert.That((summary.PostsInserted, summary.PostsUpdated), Is.EqualTo((2, 1)));
        Assert.That(api.Requests.Last(r => r.Path == XFake.Mentions).Query["start_time"].ToString(), Is.EqualTo("2025-02-18T13:00:00Z"), "the refresh window");
        var state = await harness.StateAsync("x", XFake.Handle);
        Assert.That((state!.Cursor, state.BackfilledAt, state.PostsStored), Is.EqualTo(("1902000000000000001", (DateTimeOffset?)CollectorHarness.Start, 10L)));
        Assert.That(harness.Memory.Followers, Has.Count.EqualTo(1), "one snapshot per account per UTC day");

        var rows = MastodonSelfThreadTests.Rows(harness);
        time.Advance(TimeSpan.FromHours(1));
        var again = await harness.Runner.RunOnceAsync("x");
        Assert.That((again.PostsInserted, again.PostsUpdated), Is.EqualTo((0, 0)));
        Assert.That(MastodonSelfThreadTests.Rows(harness), Is.EqualTo(rows));
    }

    [Test]
    public async Task A_missing_user_is_unavailable_and_the_others_still_run()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeXAcme(time);
        await using var harness = CollectorHarness.Create(time: time, settings: XFake.Settings(api));
        harness.Track("acme", "x", XFake.Handle);
        harness.Track("gone", "x", "nosuchbrand");

        var summary = await harness.Runner.RunOnceAsync("x");

        var outcomes = summary.Accounts.ToDictionary(a => a.Handle, a => a.Outcome);
        Assert.That(outcomes, Is.EqualTo(new Dictionary<string, AccountRunOutcome> { [XFake.Handle] = AccountRunOutcome.Succeeded, ["nosuchbrand"] = AccountRunOutcome.Unavailable }));
        var gone = await harness.StateAsync("x", "nosuchbrand");
        Assert.That((gone!.Health, gone.LastError), Is.EqualTo((CollectorHealth.Unavailable, "AccountUnavailableException: x user @nosuchbrand not found: Not Found Error: Could not find user with username: [nosuchbrand].")));
    }
}
