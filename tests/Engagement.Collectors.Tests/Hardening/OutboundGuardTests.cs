using System.Net;
using Engagement.Collectors.Engine;
using Engagement.Collectors.Http;
using Engagement.Collectors.Tests.Infrastructure;

namespace Engagement.Collectors.Tests.Hardening;

/// <summary>
/// Issue 12, item 5: the collectors connect only to public addresses unless configured, and a
/// failure's stored text names no address or port. Before, an account probe@127.0.0.1:5397 made
/// the Mastodon collector connect anywhere, and "Connection refused (127.0.0.1:5397)" was stored
/// where read keys could see it.
/// </summary>
public sealed class OutboundGuardTests
{
    // Without the harness's loopback allowance.
    private static readonly Dictionary<string, string?> NoAllowance = new()
    {
        ["Collectors:Outbound:AllowedRanges:0"] = "",
        ["Collectors:Outbound:AllowedRanges:1"] = "",
    };

    [TestCase("127.0.0.1")]
    [TestCase("127.1.2.3")]
    [TestCase("10.1.2.3")]
    [TestCase("172.16.0.1")]
    [TestCase("192.168.1.1")]
    [TestCase("169.254.169.254")]
    [TestCase("100.64.0.1")]
    [TestCase("0.0.0.0")]
    [TestCase("224.0.0.1")]
    [TestCase("::1")]
    [TestCase("::")]
    [TestCase("fe80::1")]
    [TestCase("fd00:ec2::254")]
    [TestCase("::ffff:127.0.0.1")]
    [TestCase("::ffff:169.254.169.254")]
    [TestCase("64:ff9b::a9fe:a9fe")]
    [TestCase("2002:7f00:1::")]
    public void Private_loopback_link_local_and_metadata_addresses_are_refused(string address)
    {
        var guard = new PublicAddressGuard(new OutboundOptions());
        Assert.That(guard.IsPermitted(IPAddress.Parse(address)), Is.False);
    }

    [TestCase("8.8.8.8")]
    [TestCase("1.1.1.1")]
    [TestCase("2606:4700:4700::1111")]
    public void Public_addresses_are_permitted(string address) =>
        Assert.That(new PublicAddressGuard(new OutboundOptions()).IsPermitted(IPAddress.Parse(address)), Is.True);

    [Test]
    public void The_allowlist_permits_its_ranges_only()
    {
        var guard = new PublicAddressGuard(new OutboundOptions { AllowedRanges = ["10.20.0.0/16", "::1"] });
        Assert.Multiple(() =>
        {
            Assert.That(guard.IsPermitted(IPAddress.Parse("10.20.3.4")), Is.True);
            Assert.That(guard.IsPermitted(IPAddress.Parse("::1")), Is.True);
            Assert.That(guard.IsPermitted(IPAddress.Parse("10.21.0.1")), Is.False);
            Assert.That(guard.IsPermitted(IPAddress.Parse("127.0.0.1")), Is.False);
        });
    }

    [Test]
    public async Task Collector_pointed_at_loopback_sends_nothing_and_stores_no_address()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeMastodonAcme(time);
        await using var harness = CollectorHarness.Create(mastodon: api, time: time, settings: NoAllowance);
        harness.Track("acme", "mastodon", MastodonFake.Handle);

        var result = (await harness.Runner.RunOnceAsync("mastodon")).Accounts.Single();

        var stored = (await harness.StateAsync("mastodon", MastodonFake.Handle))!.LastError;
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(AccountRunOutcome.Failed));
            Assert.That(api.Requests, Is.Empty, "no request reached the loopback server");
            Assert.That(stored, Does.Contain("not at a public address"));
            Assert.That(stored, Does.Not.Contain("127.0.0.1").And.Not.Contain(api.Root.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        });
    }

    [Test]
    public async Task Refused_connection_is_stored_without_its_address_or_port()
    {
        // Port 9 (discard) on loopback, allowed by the harness: nothing listens, the connection is refused.
        await using var harness = CollectorHarness.Create(settings: new Dictionary<string, string?> { ["Collectors:Mastodon:BaseUrl"] = "http://127.0.0.1:9/" });
        harness.Track("acme", "mastodon", MastodonFake.Handle);

        var result = (await harness.Runner.RunOnceAsync("mastodon")).Accounts.Single();

        var stored = (await harness.StateAsync("mastodon", MastodonFake.Handle))!.LastError;
        Assert.That(result.Outcome, Is.EqualTo(AccountRunOutcome.Failed));
        Assert.That(stored, Does.Contain("could not connect"));
        Assert.That(stored, Does.Not.Contain("127.0.0.1").And.Not.Contain(":9"));
    }
}
