using Engagement.Collectors.Status;
using Engagement.Collectors.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Engagement.Collectors.Tests;

public sealed class AccountProbeTests
{
    [Test]
    public async Task Probe_asks_the_network_through_the_collectors_client()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeMastodonAcme(time);
        await using var harness = CollectorHarness.Create(mastodon: api, time: time);
        var probe = harness.Host.Services.GetRequiredService<AccountProbe>();

        var found = await probe.ProbeAsync("mastodon", MastodonFake.Handle, CancellationToken.None);
        var missing = await probe.ProbeAsync("mastodon", "nobody@social.example", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(found.Outcome, Is.EqualTo(ProbeOutcome.Found), found.Detail);
            Assert.That(missing.Outcome, Is.EqualTo(ProbeOutcome.NotFound), missing.Detail);
            Assert.That(missing.Detail, Does.Contain("nobody@social.example"));
            Assert.That(api.Requests.Count(r => r.Path == MastodonFake.Lookup), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Probe_does_not_ask_a_network_without_credentials_or_collector()
    {
        await using var harness = CollectorHarness.Create(settings: new Dictionary<string, string?> { ["Collectors:X:BearerToken"] = "" });
        var probe = harness.Host.Services.GetRequiredService<AccountProbe>();

        var x = await probe.ProbeAsync("x", "nasa", CancellationToken.None);
        var linkedin = await probe.ProbeAsync("linkedin", "nasa", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(x.Outcome, Is.EqualTo(ProbeOutcome.Unchecked));
            Assert.That(x.Detail, Does.StartWith("not checked:"));
            Assert.That(linkedin.Outcome, Is.EqualTo(ProbeOutcome.Unchecked));
            Assert.That(linkedin.Detail, Does.Contain("CSV"));
        });
    }

    [Test]
    public async Task Probe_of_an_unreachable_network_is_unchecked_not_refused()
    {
        // Nothing listens on port 9: the network cannot be asked, so the account is not refused.
        await using var harness = CollectorHarness.Create(settings: new Dictionary<string, string?>
        {
            ["Collectors:Bluesky:MaxRetries"] = "0",
        });
        var probe = harness.Host.Services.GetRequiredService<AccountProbe>();

        var result = await probe.ProbeAsync("bluesky", "acme.bsky.social", CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ProbeOutcome.Unchecked), result.Detail);
    }
}
