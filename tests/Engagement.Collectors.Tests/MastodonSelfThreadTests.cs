using System.Text.Json.Nodes;
using Engagement.Collectors.Engine;
using Engagement.Collectors.Tests.Infrastructure;
using Engagement.Domain.Model;

namespace Engagement.Collectors.Tests;

/// <summary>
/// Mastodon's <c>in_reply_to_account_id</c> is carried over along a self-thread (Status#set_conversation):
/// the parent's author must come from the parent status, or a brand continuing its own answer
/// counts as an admin answer and a user continuing their own reply as a user post.
/// </summary>
public sealed class MastodonSelfThreadTests
{
    private static readonly Account Shop = new("shop", "mastodon", MastodonSelfThreadFake.Handle);
    private static readonly DateOnly From = new(2025, 3, 1);
    private static readonly DateOnly To = new(2025, 3, 21);

    [Test]
    public async Task Thread_continuations_take_the_parent_author_from_the_parent_status()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeMastodonSelfThread(time);
        await using var harness = CollectorHarness.Create(mastodon: api, time: time);
        harness.Track("shop", "mastodon", MastodonSelfThreadFake.Handle);

        var summary = await harness.Runner.RunOnceAsync("mastodon");

        Assert.That(summary.Accounts.Single().Outcome, Is.EqualTo(AccountRunOutcome.Succeeded), summary.Accounts.Single().Error);
        var posts = harness.Memory.Posts.ToDictionary(p => p.PostId);
        Assert.That(posts.Keys.Order(), Is.EqualTo(new[]
        {
            MastodonSelfThreadFake.S1, MastodonSelfThreadFake.R1, MastodonSelfThreadFake.A1, MastodonSelfThreadFake.A2, MastodonSelfThreadFake.R2,
        }));
        Assert.That(posts[MastodonSelfThreadFake.A1].InReplyToAuthor, Is.EqualTo("erin@other.example"), "an answer to erin");
        Assert.That(posts[MastodonSelfThreadFake.A2].InReplyToAuthor, Is.EqualTo(MastodonSelfThreadFake.Handle), "shop continuing its own answer (the API says erin)");
        Assert.That(posts[MastodonSelfThreadFake.R2].InReplyToAuthor, Is.EqualTo("erin@other.example"), "erin continuing her own reply (the API says shop)");
        Assert.That(api.Requests.Where(r => r.Path.EndsWith("/context", StringComparison.Ordinal)).Select(r => r.Path),
            Is.EqualTo(new[] { MastodonFake.Context(MastodonSelfThreadFake.A1), MastodonFake.Context(MastodonSelfThreadFake.S1) }),
            "the statuses with replies; every parent is in their threads: no other request");
    }

    [Test]
    public async Task The_scoring_engine_counts_a_continuation_as_a_brand_post_and_not_as_a_user_post()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeMastodonSelfThread(time);
        await using var harness = CollectorHarness.Create(mastodon: api, time: time);
        harness.Track("shop", "mastodon", MastodonSelfThreadFake.Handle);

        await harness.Runner.RunOnceAsync("mastodon");

        var measures = harness.Measure(Shop, From, To);
        Assert.That(measures.Posts, Is.EqualTo(2), "S1 and the continuation A2");
        Assert.That(measures.Answers, Is.EqualTo(1), "A1 only");
        Assert.That(measures.UserPosts, Is.EqualTo(1), "R1 only: R2 continues erin's own reply and does not mention shop");
        Assert.That(measures.AnsweredUserPosts, Is.EqualTo(1));
        Assert.That(measures.MedianFirstResponseMinutes, Is.EqualTo(60));
    }

    [Test]
    public async Task A_second_pass_keeps_the_parent_authors_without_reading_the_threads_again()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeMastodonSelfThread(time);
        await using var harness = CollectorHarness.Create(mastodon: api, time: time);
        harness.Track("shop", "mastodon", MastodonSelfThreadFake.Handle);
        await harness.Runner.RunOnceAsync("mastodon");
        var first = Rows(harness);
        var requests = api.Requests.Count;

        time.Advance(TimeSpan.FromHours(1));
        var summary = await harness.Runner.RunOnceAsync("mastodon");

        Assert.That(summary.Accounts.Single().Outcome, Is.EqualTo(AccountRunOutcome.Succeeded), summary.Accounts.Single().Error);
        Assert.That((summary.PostsInserted, summary.PostsUpdated), Is.EqualTo((0, 0)), "nothing changed");
        Assert.That(Rows(harness), Is.EqualTo(first));
        Assert.That(api.Requests.Skip(requests).Select(r => r.Path), Is.EqualTo(new[] { MastodonFake.Lookup, MastodonSelfThreadFake.Statuses }),
            "A1's parent comes from the store");
    }

    [Test]
    public async Task A_parent_neither_read_nor_stored_is_read_from_the_reply_context()
    {
        // S1's replies are not read (no reply count): A1's parent R1 is only in A1's context.
        var statuses = JsonNode.Parse(Fixtures.Read("mastodon-self-thread/statuses.json"))!.AsArray();
        statuses.Single(s => (string?)s!["id"] == MastodonSelfThreadFake.S1)!["replies_count"] = 0;
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeMastodonSelfThread(time, statuses.ToJsonString());
        await using var harness = CollectorHarness.Create(mastodon: api, time: time);
        harness.Track("shop", "mastodon", MastodonSelfThreadFake.Handle);

        await harness.Runner.RunOnceAsync("mastodon");

        var posts = harness.Memory.Posts.ToDictionary(p => p.PostId);
        Assert.That(posts.Keys.Order(), Is.EqualTo(new[] { MastodonSelfThreadFake.S1, MastodonSelfThreadFake.R1, MastodonSelfThreadFake.A1, MastodonSelfThreadFake.A2 }));
        Assert.That(posts[MastodonSelfThreadFake.A1].InReplyToAuthor, Is.EqualTo("erin@other.example"));
        Assert.That(posts[MastodonSelfThreadFake.A2].InReplyToAuthor, Is.EqualTo(MastodonSelfThreadFake.Handle));
        Assert.That(posts[MastodonSelfThreadFake.R1].InReplyToAuthor, Is.EqualTo(MastodonSelfThreadFake.Handle), "R1's parent S1 is among A1's ancestors");
        Assert.That(api.Requests.Where(r => r.Path.EndsWith("/context", StringComparison.Ordinal)).Select(r => r.Path),
            Is.EqualTo(new[] { MastodonFake.Context(MastodonSelfThreadFake.A1) }), "read once, for its replies and its parent; A2's parent is A1, its own status");
    }

    /// <summary>Every stored row as text, mentions included (a post's mention list compares by reference).</summary>
    internal static List<string> Rows(CollectorHarness harness) =>
        [.. harness.Memory.Posts
            .OrderBy(p => p.PostId, StringComparer.Ordinal)
            .Select(p => $"{p with { Mentions = [] }} mentions={string.Join(';', p.Mentions)}")];
}
