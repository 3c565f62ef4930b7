using Engagement.Collectors.Engine;
using Engagement.Collectors.Tests.Infrastructure;
using Engagement.Domain.Model;

namespace Engagement.Collectors.Tests;

public sealed class InstagramCollectorTests
{
    private static readonly Account Acme = new("acme", "instagram", InstagramFake.Handle);

    internal static async Task<(FakeApi Api, CollectorHarness Harness)> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        var api = (await FakeApi.StartAsync(time)).ServeInstagramAcme();
        var harness = CollectorHarness.Create(instagram: api, time: time, settings: settings);
        harness.Track("acme", "instagram", InstagramFake.Handle);
        return (api, harness);
    }

    [Test]
    public async Task The_own_account_gets_its_media_comments_and_every_page_of_replies()
    {
        var (api, harness) = await StartAsync();
        await using var _ = api;
        await using var __ = harness;

        var summary = await harness.Runner.RunOnceAsync("instagram");

        Assert.That(summary.Accounts.Single().Outcome, Is.EqualTo(AccountRunOutcome.Succeeded), summary.Accounts.Single().Error);
        var posts = harness.Memory.Posts.ToDictionary(p => p.PostId);
        Assert.That(posts.Keys, Is.EquivalentTo(new[]
        {
            "17900000000000001", "17900000000000002", "17900000000000003",
            "18000000000000001", "18000000000000011", "18000000000000012", "18000000000000002",
        }), "media older than the backfill are not stored");
        var m1 = posts[InstagramFake.M1];
        Assert.That((m1.Author, m1.Likes, m1.Shares, m1.Quotes, m1.Replies, m1.Views), Is.EqualTo(("acmecoffee", 120L, 0L, 0L, 4L, (long?)null)));
        Assert.That(m1.Mentions, Is.EqualTo(new[] { "bob.smith", "ana_m" }), "final period dropped; e-mail and @@ are no mentions");
        Assert.That(posts["17900000000000002"].Likes, Is.Zero, "hidden like count");
        Assert.That(posts["17900000000000002"].CreatedAt, Is.EqualTo(UtcMicros.FromDateTimeOffset(new DateTimeOffset(2025, 3, 1, 18, 20, 5, TimeSpan.Zero))));

        var top = posts[InstagramFake.C1];
        Assert.That((top.Author, top.InReplyToPost, top.InReplyToAuthor, top.Likes, top.Replies), Is.EqualTo(("bob.smith", InstagramFake.M1, "acmecoffee", 1L, 2L)),
            "replies: the number read, over both pages");
        Assert.That(top.Mentions, Is.EqualTo(new[] { "acmecoffee" }));
        var answer = posts["18000000000000011"];
        Assert.That((answer.Author, answer.InReplyToPost, answer.InReplyToAuthor, answer.Replies), Is.EqualTo(("acmecoffee", InstagramFake.C1, "bob.smith", 0L)));
        var secondReply = posts["18000000000000012"];
        Assert.That((secondReply.Author, secondReply.InReplyToAuthor, secondReply.Likes), Is.EqualTo(("bob.smith", "bob.smith", 2L)));
        var own = posts["18000000000000002"];
        Assert.That((own.Author, own.InReplyToPost, own.InReplyToAuthor), Is.EqualTo(("acmecoffee", InstagramFake.M1, "acmecoffee")));
        Assert.That(harness.Memory.Followers.Single().Followers, Is.EqualTo(8800));

        Assert.That(api.CountOf(InstagramFake.Media), Is.EqualTo(2), "paging stops at the first media older than the backfill");
        Assert.That(api.CountOf(InstagramFake.Comments(InstagramFake.M1)), Is.EqualTo(2));
        Assert.That(api.Requests.Count(r => r.Path.EndsWith("/comments", StringComparison.Ordinal)), Is.EqualTo(4), "every stored media: 2 pages, then one each");
        var replies = api.Requests.Single(r => r.Path == InstagramFake.Replies);
        Assert.That(replies.Query["after"].ToString(), Is.EqualTo("UmVwbHlBZnRlcjE"));
        Assert.That(api.Requests.Select(r => r.Query["access_token"].ToString()), Is.All.EqualTo(InstagramFake.Token));
        var comments = api.Requests.First(r => r.Path == InstagramFake.Comments(InstagramFake.M1));
        Assert.That(comments.Query["fields"].ToString(), Is.EqualTo("id,username,text,timestamp,like_count,replies.limit(50){id,username,text,timestamp,like_count,parent_id}"));
        Assert.That(comments.Query["limit"].ToString(), Is.EqualTo("50"));
    }

    [Test]
    public async Task Answers_and_own_thread_comments_are_classified_by_the_scoring_engine()
    {
        var (api, harness) = await StartAsync();
        await using var _ = api;
        await using var __ = harness;

        await harness.Runner.RunOnceAsync("instagram");

        var measures = harness.Measure(Acme, new DateOnly(2025, 2, 18), new DateOnly(2025, 3, 21));
        Assert.That(measures.Posts, Is.EqualTo(4), "3 media and the account's own top-level comment");
        Assert.That(measures.Answers, Is.EqualTo(1));
        Assert.That(measures.UserPosts, Is.EqualTo(1), "bob's comment; his reply to himself is neither to nor about the brand");
        Assert.That(measures.AnsweredUserPosts, Is.EqualTo(1));
        Assert.That(measures.MedianFirstResponseMinutes, Is.EqualTo(30));
    }

    [Test]
    public async Task A_competitor_comes_through_business_discovery_with_counts_only()
    {
        var (api, harness) = await StartAsync();
        await using var _ = api;
        await using var __ = harness;
        harness.Track("rival", "instagram", InstagramFake.Rival);

        var summary = await harness.Runner.RunOnceAsync("instagram");

        Assert.That(summary.Accounts.Select(a => a.Outcome), Is.All.EqualTo(AccountRunOutcome.Succeeded), string.Join("; ", summary.Accounts.Select(a => a.Error)));
        var rival = harness.Memory.Posts.Where(p => p.Author == InstagramFake.Rival).ToDictionary(p => p.PostId);
        Assert.That(rival.Keys, Is.EquivalentTo(new[] { "17950000000000001", "17950000000000002", "17950000000000003" }));
        Assert.That((rival["17950000000000001"].Likes, rival["17950000000000001"].Replies), Is.EqualTo((50L, 7L)));
        Assert.That(rival["17950000000000001"].Mentions, Is.EqualTo(new[] { "acmecoffee" }));
        Assert.That(rival["17950000000000002"].Likes, Is.Zero);
        Assert.That(harness.Memory.Posts.Where(p => p.InReplyToAuthor == InstagramFake.Rival), Is.Empty, "no comments for a competitor");
        Assert.That(harness.Memory.Followers.Single(f => f.Handle == InstagramFake.Rival).Followers, Is.EqualTo(5000));

        var discovery = api.Requests.Where(r => r.Path == InstagramFake.UserNode && r.Query["fields"].ToString().StartsWith("business_discovery", StringComparison.Ordinal))
            .Select(r => r.Query["fields"].ToString()).ToList();
        Assert.That(discovery, Is.EqualTo(new[]
        {
            "business_discovery.username(rivalbeans){followers_count,media.limit(50){id,caption,timestamp,like_count,comments_count}}",
            "business_discovery.username(rivalbeans){followers_count,media.limit(50).after(QVFIUmRpc2NvdmVyeTE){id,caption,timestamp,like_count,comments_count}}",
        }), "the after cursor, until the media reach the backfill start");
        Assert.That(api.Requests.Count(r => r.Path.Contains("17950000000000", StringComparison.Ordinal)), Is.Zero, "no comment request for a competitor's media");

        // A competitor mention on the competitor's media is not a user post of acme: it is not on acme's content.
        var measures = harness.Measure(Acme, new DateOnly(2025, 2, 18), new DateOnly(2025, 3, 21));
        Assert.That(measures.UserPosts, Is.EqualTo(2), "bob's comment, and rivalbeans mentioning acmecoffee");
    }

    [Test]
    public async Task An_account_business_discovery_cannot_read_is_unavailable()
    {
        var (api, harness) = await StartAsync();
        await using var _ = api;
        await using var __ = harness;
        harness.Track("someone", "instagram", "privateperson");

        var summary = await harness.Runner.RunOnceAsync("instagram");

        var result = summary.Accounts.Single(a => a.Handle == "privateperson");
        Assert.That(result.Outcome, Is.EqualTo(AccountRunOutcome.Unavailable));
        Assert.That(result.Error, Does.Contain("business discovery").And.Contain("110"));
    }

    [Test]
    public async Task The_second_pass_changes_nothing()
    {
        // One account at a time, so the lookup count below does not depend on which starts first.
        var (api, harness) = await StartAsync(new Dictionary<string, string?> { ["Collectors:Instagram:MaxConcurrency"] = "1" });
        await using var _ = api;
        await using var __ = harness;
        harness.Track("rival", "instagram", InstagramFake.Rival);

        var first = await harness.Runner.RunOnceAsync("instagram");
        harness.Time.Advance(TimeSpan.FromHours(1));
        var second = await harness.Runner.RunOnceAsync("instagram");

        Assert.That(first.PostsInserted, Is.EqualTo(10));
        Assert.That((second.PostsInserted, second.PostsUpdated, second.Failed), Is.EqualTo((0, 0, 0)));
        Assert.That(harness.Memory.Followers, Has.Count.EqualTo(2));
        Assert.That(api.Requests.Count(r => r.Path == InstagramFake.UserNode && r.Query["fields"] == "id,username,followers_count"), Is.EqualTo(2),
            "the own account's lookup once per run of it; competitors reuse the username learned");
    }
}
