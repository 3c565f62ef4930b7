using Engagement.Domain.Model;

namespace Engagement.Domain.Tests.Model;

public class ProfileLinkTests
{
    [TestCase("https://mastodon.social/@alice", "mastodon", "alice@mastodon.social")]
    [TestCase("mastodon.social/@Alice", "mastodon", "alice@mastodon.social")]
    [TestCase("https://mastodon.social/users/alice", "mastodon", "alice@mastodon.social")]
    [TestCase("https://mastodon.social/@bob@fosstodon.org", "mastodon", "bob@fosstodon.org")]
    [TestCase("@alice@mastodon.social", "mastodon", "alice@mastodon.social")]
    [TestCase("https://bsky.app/profile/x.bsky.social", "bluesky", "x.bsky.social")]
    [TestCase("https://www.youtube.com/@MrBeast", "youtube", "mrbeast")]
    [TestCase("youtube.com/@handle", "youtube", "handle")]
    [TestCase("https://m.youtube.com/channel/UC_x5XG1OV2P6uZZ5FSM9Ttw", "youtube", "uc_x5xg1ov2p6uzz5fsm9ttw")]
    [TestCase("https://www.facebook.com/cocacola/", "facebook", "cocacola")]
    [TestCase("https://www.facebook.com/profile.php?id=100064", "facebook", "100064")]
    [TestCase("https://www.facebook.com/pages/Acme-Shop/123456", "facebook", "123456")]
    [TestCase("https://www.instagram.com/nasa/?hl=en", "instagram", "nasa")]
    [TestCase("https://x.com/NASA", "x", "nasa")]
    [TestCase("https://twitter.com/nasa/status/1", "x", "nasa")]
    [TestCase("https://mobile.twitter.com/nasa", "x", "nasa")]
    [TestCase("https://www.tiktok.com/@nasa", "tiktok", "nasa")]
    [TestCase("https://www.threads.net/@nasa", "threads", "nasa")]
    [TestCase("https://www.linkedin.com/company/nasa/", "linkedin", "nasa")]
    public void Parse_profile_url_gives_network_and_normalised_handle(string input, string network, string handle)
    {
        var link = ProfileLinks.Parse(input, network: null);
        Assert.Multiple(() =>
        {
            Assert.That(link.Problem, Is.Null);
            Assert.That(link.Network, Is.EqualTo(network));
            Assert.That(link.Handle, Is.EqualTo(handle));
        });
    }

    [TestCase("@Acme", "x", "acme")]
    [TestCase("acme.bsky.social", "bluesky", "acme.bsky.social")]
    [TestCase("  @acme  ", "instagram", "acme")]
    public void Parse_handle_with_chosen_network(string input, string network, string handle)
    {
        var link = ProfileLinks.Parse(input, network);
        Assert.That((link.Network, link.Handle, link.Problem), Is.EqualTo((network, handle, (string?)null)));
    }

    [TestCase("", null, "enter a profile URL")]
    [TestCase("acme", null, "choose the network")]
    [TestCase("https://x.com/home", null, "not a profile")]
    [TestCase("https://www.instagram.com/p/C1x2y3/", null, "not a profile")]
    [TestCase("https://www.youtube.com/c/Legacy", null, "legacy YouTube URL")]
    [TestCase("https://bsky.app/profile/did:plc:abc123", null, "DID")]
    [TestCase("https://example.com/about", null, "not a profile address")]
    [TestCase("https://x.com/nasa", "mastodon", "this address is on X, not Mastodon")]
    [TestCase("ftp://x.com/nasa", null, "not a web address")]
    public void Parse_refuses_what_names_no_account_with_a_reason(string input, string? network, string reason)
    {
        var link = ProfileLinks.Parse(input, network);
        Assert.Multiple(() =>
        {
            Assert.That(link.IsValid, Is.False);
            Assert.That(link.Problem, Does.Contain(reason));
        });
    }

    [Test]
    public void Parsed_handles_pass_the_network_handle_rules()
    {
        var rules = FieldRules.Default;
        foreach (var input in new[] { "https://mastodon.social/@alice", "https://bsky.app/profile/x.bsky.social", "https://x.com/nasa", "https://www.youtube.com/@handle" })
        {
            var link = ProfileLinks.Parse(input, null);
            Assert.That(rules.AccountHandleProblem(link.Network!, link.Handle), Is.Null, input);
        }
    }
}
