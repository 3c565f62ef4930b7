using Engagement.Collectors.Engine;
using Engagement.Collectors.Tests.Infrastructure;
using Engagement.Domain.Model;

namespace Engagement.Collectors.Tests;

public sealed class BlueskyCollectorTests
{
    private static readonly Account Acme = new("acme", "bluesky", BlueskyFake.Handle);

    private static async Task<(FakeApi Api, CollectorHarness Harness)> StartAsync()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        var api = (await FakeApi.StartAsync(time)).ServeBlueskyAcme(time);
        var harness = CollectorHarness.Create(bluesky: api, time: time);
        harness.Track("acme", "bluesky", BlueskyFake.Handle);
        return (api, harness);
    }

    [Test]
    public async Task Backfill_follows_the_cursor_skips_reposts_and_stores_threads()
    {
        var (api, harness) = await StartAsync();
        await using var _ = api;
        await using var __ = harness;

        var summary = await harness.Runner.RunOnceAsync("bluesky");

        Assert.That(summary.Accounts.Single().Outcome, Is.EqualTo(AccountRunOutcome.Succeeded), summary.Accounts.Single().Error);
        var rkeys = harness.Memory.Posts.Select(p => p.PostId[(p.PostId.LastIndexOf('/') + 1)..]).Order().ToList();
        Assert.That(rkeys, Is.EqualTo(new[]
        {
            "3ljpa1aaaaa2a", "3ljpa2aaaaa2a", "3ljpa3aaaaa2a", "3ljpb1aaaaa2a", "3ljpb2aaaaa2a", "3ljqf1aaaaa2a", "3ljqf2aaaaa2a", "3ljqp2aaaaa2a",
        }), "no repost (zed's post), no post older than the cutoff");
        Assert.That(api.Requests.Where(r => r.Path == BlueskyFake.Feed).Select(r => r.Query["cursor"].ToString()), Is.EqualTo(new[] { "", BlueskyFake.Page2Cursor }));
        Assert.That(api.Requests.Where(r => r.Path == BlueskyFake.Feed).Select(r => r.Query["filter"].ToString()).Distinct(), Is.EqualTo(new[] { "posts_with_replies" }));
        Assert.That(api.CountOf(BlueskyFake.Thread), Is.EqualTo(1), "only P1 has replies");
        Assert.That(harness.Memory.Followers.Single().Followers, Is.EqualTo(2400));
    }

    [Test]
    public async Task Parent_authors_and_mentions_resolve_from_dids()
    {
        var (api, harness) = await StartAsync();
        await using var _ = api;
        await using var __ = harness;

        await harness.Runner.RunOnceAsync("bluesky");

        var posts = harness.Memory.Posts.ToDictionary(p => p.PostId[(p.PostId.LastIndexOf('/') + 1)..]);
        var p1 = posts["3ljpa1aaaaa2a"];
        Assert.That((p1.Author, p1.Likes, p1.Shares, p1.Quotes, p1.Replies, p1.Views), Is.EqualTo(("acme.bsky.social", 40L, 5L, 1L, 2L, (long?)null)));
        var answer = posts["3ljpa3aaaaa2a"];
        Assert.That(answer.InReplyToPost, Is.EqualTo("at://did:plc:aliceaaaaaaaaaaaaaaaaaaa/app.bsky.feed.post/3ljpa2aaaaa2a"));
        Assert.That(answer.InReplyToAuthor, Is.EqualTo("alice.bsky.social"), "the DID of the parent URI, known from the thread");
        Assert.That(posts["3ljpa2aaaaa2a"].InReplyToAuthor, Is.EqualTo("acme.bsky.social"), "the tracked account's DID");
        // eve's DID was never seen with a handle: it stays a DID.
        Assert.That(posts["3ljpb2aaaaa2a"].Mentions, Is.EqualTo(new[] { "acme.bsky.social", "did:plc:eveaaaaaaaaaaaaaaaaaaaaa" }));
        Assert.That(posts["3ljpb2aaaaa2a"].InReplyToAuthor, Is.EqualTo("bob.example.com"));
    }

    [Test]
    public async Task Replies_and_mentions_are_classified_by_the_scoring_engine()
    {
        var (api, harness) = await StartAsync();
        await using var _ = api;
        await using var __ = harness;

        await harness.Runner.RunOnceAsync("bluesky");

        var measures = harness.Measure(Acme, new DateOnly(2025, 2, 18), new DateOnly(2025, 3, 21));
        Assert.That(measures.Posts, Is.EqualTo(2), "P1, P2");
        Assert.That(measures.Answers, Is.EqualTo(2), "A1 to alice, A2 to frank");
        // alice's and bob's replies, carol's mention in reply to bob, frank's mention (stored from A2's feed item).
        Assert.That(measures.UserPosts, Is.EqualTo(4));
        Assert.That(measures.AnsweredUserPosts, Is.EqualTo(2));
        Assert.That(measures.MedianFirstResponseMinutes, Is.EqualTo(45), "60 and 30 minutes");
        Assert.That(measures.Interactions, Is.EqualTo(40 + 5 + 1 + 2 + 12 + 2));
    }

    [Test]
    public async Task An_unknown_profile_is_unavailable()
    {
        var (api, harness) = await StartAsync();
        await using var _ = api;
        await using var __ = harness;
        harness.Track("ghost", "bluesky", "ghost.bsky.social");

        var summary = await harness.Runner.RunOnceAsync("bluesky");

        var ghost = summary.Accounts.Single(a => a.Handle == "ghost.bsky.social");
        Assert.That(ghost.Outcome, Is.EqualTo(AccountRunOutcome.Unavailable));
        Assert.That(ghost.Error, Does.Contain("Profile not found"));
        Assert.That(summary.Accounts.Single(a => a.Handle == BlueskyFake.Handle).Outcome, Is.EqualTo(AccountRunOutcome.Succeeded));
    }
}
