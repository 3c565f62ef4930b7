using Engagement.Collectors.Engine;
using Engagement.Collectors.Tests.Infrastructure;

namespace Engagement.Collectors.Tests.Hardening;

/// <summary>
/// Issue 12, item 2: what a network returns goes through the same field rules as an import.
/// Before, a status dated 9999-12-31 was stored, and every report of the store then failed.
/// </summary>
public sealed class CollectedFieldRulesTests
{
    [Test]
    public async Task Post_dated_out_of_range_is_left_out_and_the_others_are_stored()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeMastodonAcme(time);
        var page = Fixtures.Read("mastodon/statuses-page1.json").Replace("2025-03-15T10:05:00.000Z", "9999-12-31T23:59:59.000Z", StringComparison.Ordinal);
        api.On(MastodonFake.Statuses, request => request.Query["max_id"].ToString() switch
        {
            "" => Reply.Json(page, MastodonFake.Limits(time)),
            MastodonFake.Page2MaxId => Reply.Fixture("mastodon/statuses-page2.json", MastodonFake.Limits(time)),
            _ => Reply.Json("[]", MastodonFake.Limits(time)),
        });
        await using var harness = CollectorHarness.Create(mastodon: api, time: time);
        harness.Track("acme", "mastodon", MastodonFake.Handle);

        var result = (await harness.Runner.RunOnceAsync("mastodon")).Accounts.Single();

        var ids = harness.Memory.Posts.Select(p => p.PostId).ToList();
        Assert.That(result.Outcome, Is.EqualTo(AccountRunOutcome.Succeeded), result.Error);
        Assert.That(ids, Does.Not.Contain("113900000000000003"));
        Assert.That(ids, Does.Contain("113900000000000002"));
    }
}
