using Engagement.Domain.Model;

namespace Engagement.Domain.Tests.Model;

public class AccountRegistryTests
{
    [Test]
    public void TryAdd_identical_repeat_is_stored_once()
    {
        var registry = new AccountRegistry();
        Assert.That(registry.TryAdd(new Account("beta", "mastodon", "beta@shop.example")), Is.Null);
        Assert.That(registry.TryAdd(new Account("beta", "mastodon", "beta@shop.example")), Is.Null);
        Assert.That(registry.Accounts.Count(), Is.EqualTo(1));
    }

    [Test]
    public void TryAdd_account_of_another_brand_is_a_handle_conflict()
    {
        var registry = new AccountRegistry();
        registry.TryAdd(new Account("acme", "mastodon", "acme@social.example"));
        var conflict = registry.TryAdd(new Account("bolt", "mastodon", "acme@social.example"));
        Assert.That(conflict?.Column, Is.EqualTo("handle"));
        Assert.That(conflict?.Reason, Does.Contain("already belongs to brand 'acme'"));
    }

    [Test]
    public void TryAdd_second_account_on_a_network_is_a_network_conflict()
    {
        var registry = new AccountRegistry();
        registry.TryAdd(new Account("acme", "mastodon", "acme@social.example"));
        var conflict = registry.TryAdd(new Account("acme", "mastodon", "other@social.example"));
        Assert.That(conflict?.Column, Is.EqualTo("network"));
        Assert.That(registry.Contains(new Account("acme", "mastodon", "other@social.example")), Is.False);
    }
}
