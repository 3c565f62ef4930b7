using Engagement.Collectors.Status;
using Engagement.Collectors.Tests.Infrastructure;
using Engagement.Data.Store.Repositories;
using Engagement.Service.Onboarding;
using Engagement.Service.Security;
using Engagement.Service.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Engagement.Service.Tests.Onboarding;

/// <summary>
/// The brand form against the real service: Mastodon looked up on a fake instance served over
/// Kestrel (as the collector does), Instagram without credentials left unchecked, and every
/// refusal named on its field.
/// </summary>
public sealed class OnboardingServiceTests : ApiFixture
{
#pragma warning disable NUnit1032 // Started in CreateFactory (the fixture's one-time set-up), disposed in StopFakeAsync.
    private FakeApi _mastodon = null!;
#pragma warning restore NUnit1032

    // The default workspace's admin, as the store's first key is.
    private static readonly Caller Owner = new(0, "test-admin", WorkspaceRepository.Default, ApiKeyRole.Admin, null);

    protected override EngagementFactory CreateFactory()
    {
        var time = TimeProvider.System;
        _mastodon = FakeApi.StartAsync(time).GetAwaiter().GetResult().ServeMastodonAcme(time);
        return new EngagementFactory(settings: new Dictionary<string, string>
        {
            ["Collectors:Mastodon:Enabled"] = "true",
            ["Collectors:Mastodon:BaseUrl"] = _mastodon.Root.ToString(),
            ["Collectors:Mastodon:MaxRetries"] = "0",
            ["Collectors:Outbound:AllowedRanges:0"] = "127.0.0.0/8",
        });
    }

    [OneTimeTearDown]
    public async Task StopFakeAsync()
    {
        await _mastodon.DisposeAsync();
    }

    private async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private static BrandForm Form(string? id, string? name, params (string? Network, string Link)[] accounts) =>
        new(id, name, null, accounts.Select(a => new AccountInput(a.Network, a.Link)).ToList());

    [Test]
    public async Task New_brand_from_profile_urls_is_checked_on_its_networks_and_saved()
    {
        var form = Form(null, "Acme Café", (null, "https://social.example/@acme"), ("", "https://www.instagram.com/acme.cafe/"));

        var check = await WithScopeAsync(s => s.GetRequiredService<OnboardingService>().CheckAsync(form, existing: null, Owner, CancellationToken.None));
        await WithScopeAsync(async s =>
        {
            await s.GetRequiredService<OnboardingService>().SaveAsync(check, removeOthers: false, Owner, CancellationToken.None);
            return 0;
        });
        var saved = await Factory.Services.GetRequiredService<AccountRepository>().ListAsync("acme-cafe");

        Assert.Multiple(() =>
        {
            Assert.That(check.Errors, Is.Empty);
            Assert.That(check.Id, Is.EqualTo("acme-cafe"), "the id is made from the name");
            Assert.That(check.Accounts.Select(a => (a.Network, a.Handle, a.Probe.Outcome)), Is.EqualTo(new[]
            {
                ("mastodon", "acme@social.example", ProbeOutcome.Found),
                ("instagram", "acme.cafe", ProbeOutcome.Unchecked),
            }));
            Assert.That(_mastodon.Requests.Any(r => r.Path == MastodonFake.Lookup && r.Query["acct"] == "acme@social.example"), Is.True);
            Assert.That(saved.Select(a => $"{a.Network}/{a.Handle}"), Is.EquivalentTo(new[] { "mastodon/acme@social.example", "instagram/acme.cafe" }));
        });
    }

    [Test]
    public async Task Every_refused_field_is_named_with_its_reason_and_nothing_is_checked_twice()
    {
        var form = new BrandForm("pixel-nord", "", "Not An Id", new[]
        {
            new AccountInput(null, "https://social.example/@nobody"),
            new AccountInput("bluesky", "https://bsky.app/profile/studio-saint-laurent.bsky.social"),
            new AccountInput(null, "https://x.com/home"),
            new AccountInput("x", "way_too_long_for_an_x_username"),
            new AccountInput("mastodon", "@beta@social.example"),
            new AccountInput("myspace", "tom"),
        });

        var check = await WithScopeAsync(s => s.GetRequiredService<OnboardingService>().CheckAsync(form, existing: null, Owner, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(check.IsValid, Is.False);
            Assert.That(check.ErrorOf("name"), Does.Contain("empty"));
            Assert.That(check.ErrorOf("id"), Does.Contain("exists already"));
            Assert.That(check.ErrorOf("industry"), Does.Contain("not an industry id"));
            Assert.That(check.ErrorOf("account0"), Does.Contain("nobody@social.example"), "the instance says there is no such account");
            Assert.That(check.ErrorOf("account1"), Does.Contain("already belongs to brand 'studio-saint-laurent'"));
            Assert.That(check.ErrorOf("account2"), Does.Contain("not a profile"));
            Assert.That(check.ErrorOf("account3"), Does.Contain("not an X username"));
            Assert.That(check.ErrorOf("account4"), Does.Contain("one account per network"));
            Assert.That(check.ErrorOf("account5"), Does.Contain("unknown network 'myspace'"));
        });
    }

    [Test]
    public async Task Edit_renames_replaces_and_removes_accounts()
    {
        var create = Form("edit-me", "Edit Me", ("mastodon", "beta@social.example"), ("x", "editme"));
        var edit = Form(null, "Edited", ("x", "https://twitter.com/EditMe2"));
        await WithScopeAsync(async s =>
        {
            var onboarding = s.GetRequiredService<OnboardingService>();
            await onboarding.SaveAsync(await onboarding.CheckAsync(create, null, Owner, CancellationToken.None), false, Owner, CancellationToken.None);
            var check = await onboarding.CheckAsync(edit, "edit-me", Owner, CancellationToken.None);
            Assert.That(check.Errors, Is.Empty);
            await onboarding.SaveAsync(check, removeOthers: true, Owner, CancellationToken.None);
            return 0;
        });

        var brand = await Factory.Services.GetRequiredService<BrandRepository>().GetAsync("edit-me");
        var accounts = await Factory.Services.GetRequiredService<AccountRepository>().ListAsync("edit-me");
        Assert.That(brand?.Name, Is.EqualTo("Edited"));
        Assert.That(accounts.Select(a => $"{a.Network}/{a.Handle}"), Is.EqualTo(new[] { "x/editme2" }));
    }

    [TestCase("Outremont Média, inc.", "outremont-media-inc")]
    [TestCase("  --Ça & Là--  ", "ca-la")]
    [TestCase("日本", "")]
    public void Slug_makes_an_id_from_a_name(string name, string id) => Assert.That(OnboardingService.Slug(name), Is.EqualTo(id));
}
