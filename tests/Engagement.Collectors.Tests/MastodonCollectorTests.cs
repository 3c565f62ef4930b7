using Engagement.Collectors.Engine;
using Engagement.Collectors.Storage;
using Engagement.Collectors.Tests.Infrastructure;
using Engagement.Domain.Model;

namespace Engagement.Collectors.Tests;

public sealed class MastodonCollectorTests
{
    private static readonly Account Acme = new("acme", "mastodon", MastodonFake.Handle);
    private static readonly DateOnly From = new(2025, 2, 18);
    private static readonly DateOnly To = new(2025, 3, 21);

    [Test]
    public async Task Backfill_pages_back_to_the_cutoff_and_stores_each_post_once()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeMastodonAcme(time);
        await using var harness = CollectorHarness.Create(mastodon: api, time: time);
        harness.Track("acme", "mastodon", "@Acme@Social.example");

        var summary = await harness.Runner.RunOnceAsync("mastodon");

        Assert.That(summary.Accounts.Single().Outcome, Is.EqualTo(AccountRunOutcome.Succeeded), summary.Accounts.Single().Error);
        var ids = harness.Memory.Posts.Select(p => p.PostId).Order().ToList();
        Assert.That(ids, Is.EqualTo(new[]
        {
            "113800000000000001", "113800000000000010", "113800000000000011", "113800000000000012",
            "113800000000000013", "113900000000000002", "113900000000000003",
        }));
        // Page 2 reached the cutoff (a January post): page 3 is never asked for.
        Assert.That(api.Requests.Count(r => r.Path == MastodonFake.Statuses && r.Query["max_id"] == MastodonFake.Page3MaxId), Is.Zero);
        Assert.That(api.CountOf(MastodonFake.Statuses), Is.EqualTo(2));
        Assert.That(harness.Memory.Followers.Single(), Is.EqualTo(new FollowerSnapshot("mastodon", MastodonFake.Handle, new DateOnly(2025, 3, 20), 1500)));
    }

    [Test]
    public async Task Posts_map_the_wire_format_to_the_model()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeMastodonAcme(time);
        await using var harness = CollectorHarness.Create(mastodon: api, time: time);
        harness.Track("acme", "mastodon", MastodonFake.Handle);

        await harness.Runner.RunOnceAsync("mastodon");

        var posts = harness.Memory.Posts.ToDictionary(p => p.PostId);
        var s1 = posts["113800000000000001"];
        Assert.That((s1.Author, s1.Likes, s1.Shares, s1.Quotes, s1.Replies, s1.Views), Is.EqualTo(("acme@social.example", 10L, 3L, 0L, 2L, (long?)null)));
        Assert.That(s1.CreatedAt, Is.EqualTo(UtcMicros.FromDateTimeOffset(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero))));
        Assert.That(posts["113900000000000002"].Quotes, Is.EqualTo(2), "quotes_count when the server sends it");

        var answer = posts["113800000000000011"];
        Assert.That((answer.InReplyToPost, answer.InReplyToAuthor), Is.EqualTo(("113800000000000010", "alice@other.example")));
        // Local accounts (acct without a domain) get the instance appended.
        var bob = posts["113800000000000012"];
        Assert.That((bob.Author, bob.InReplyToAuthor), Is.EqualTo(("bob@social.example", "acme@social.example")));
        Assert.That(posts["113800000000000013"].Mentions, Is.EqualTo(new[] { "bob@social.example", "acme@social.example" }));
        // A reply to its own post: the parent author is the account itself.
        Assert.That(posts["113900000000000003"].InReplyToAuthor, Is.EqualTo("acme@social.example"));
    }

    [Test]
    public async Task Replies_and_mentions_are_classified_by_the_scoring_engine()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeMastodonAcme(time);
        await using var harness = CollectorHarness.Create(mastodon: api, time: time);
        harness.Track("acme", "mastodon", MastodonFake.Handle);

        await harness.Runner.RunOnceAsync("mastodon");

        var measures = harness.Measure(Acme, From, To);
        Assert.That(measures.Posts, Is.EqualTo(3), "S1, S2 and the self-reply S3");
        Assert.That(measures.Answers, Is.EqualTo(1), "A1 answers alice");
        Assert.That(measures.UserPosts, Is.EqualTo(3), "alice's and bob's replies, carol's mention");
        Assert.That(measures.AnsweredUserPosts, Is.EqualTo(1));
        Assert.That(measures.Interactions, Is.EqualTo(15 + 31 + 2));
        Assert.That(measures.MedianFirstResponseMinutes, Is.EqualTo(60));
        Assert.That(measures.FollowersEnd, Is.EqualTo(1500));
    }

    [Test]
    public async Task An_incremental_run_adds_new_posts_refreshes_counts_and_fetches_only_changed_threads()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeMastodonAcme(time);
        await using var harness = CollectorHarness.Create(mastodon: api, time: time);
        harness.Track("acme", "mastodon", MastodonFake.Handle);
        await harness.Runner.RunOnceAsync("mastodon");
        var first = await harness.StateAsync("mastodon", MastodonFake.Handle);

        time.Advance(TimeSpan.FromHours(1));
        api.ServeMastodonAcme(time, later: true);
        var contextCallsBefore = api.Requests.Count(r => r.Path.EndsWith("/context", StringComparison.Ordinal));
        var summary = await harness.Runner.RunOnceAsync("mastodon");

        var posts = harness.Memory.Posts;
        Assert.That(posts.Select(p => p.PostId).Distinct().Count(), Is.EqualTo(posts.Count), "no duplicates");
        Assert.That(posts, Has.Count.EqualTo(9), "7 + the new post S4 + dave's reply to it");
        Assert.That(posts.Single(p => p.PostId == "113900000000000002").Likes, Is.EqualTo(30), "counts updated in place");
        Assert.That(summary.Accounts.Single().PostsInserted, Is.EqualTo(2));
        Assert.That(summary.Accounts.Single().PostsUpdated, Is.EqualTo(1), "only S2's count changed");
        var contextCalls = api.Requests.Skip(0).Where(r => r.Path.EndsWith("/context", StringComparison.Ordinal)).Select(r => r.Path).ToList();
        Assert.That(contextCalls.Skip(contextCallsBefore), Is.EqualTo(new[] { MastodonFake.Context("114000000000000004") }),
            "only the new post has replies the store does not know");

        var state = await harness.StateAsync("mastodon", MastodonFake.Handle);
        Assert.That(first!.Cursor, Is.EqualTo("113900000000000003"));
        Assert.That(state!.Cursor, Is.EqualTo("114000000000000004"));
        Assert.That(state.BackfilledAt, Is.EqualTo(CollectorHarness.Start));
        Assert.That(state.PostsStored, Is.EqualTo(9));
        Assert.That(harness.Memory.Followers, Has.Count.EqualTo(1), "one snapshot per account per UTC day");
    }

    [Test]
    public async Task A_missing_account_is_reported_unavailable_and_the_others_still_run()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeMastodonAcme(time);
        await using var harness = CollectorHarness.Create(mastodon: api, time: time);
        harness.Track("acme", "mastodon", MastodonFake.Handle);
        harness.Track("gone", "mastodon", "gone@social.example");

        var summary = await harness.Runner.RunOnceAsync("mastodon");

        var outcomes = summary.Accounts.ToDictionary(a => a.Handle, a => a.Outcome);
        Assert.That(outcomes["gone@social.example"], Is.EqualTo(AccountRunOutcome.Unavailable));
        Assert.That(outcomes[MastodonFake.Handle], Is.EqualTo(AccountRunOutcome.Succeeded));
        var gone = await harness.StateAsync("mastodon", "gone@social.example");
        Assert.That(gone!.Health, Is.EqualTo(CollectorHealth.Unavailable));
        Assert.That(gone.LastError, Does.Contain("not found"));
        Assert.That(gone.NextRunAt, Is.EqualTo(CollectorHarness.Start.AddHours(1)), "first failure: retried after one interval");
        Assert.That(api.Requests.Count(r => r.Path == MastodonFake.Lookup && r.Query["acct"] == "gone@social.example"), Is.EqualTo(1), "a 404 is not retried");
    }
}
