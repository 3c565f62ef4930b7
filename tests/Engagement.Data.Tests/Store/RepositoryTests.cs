using Engagement.Data.Store;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;

namespace Engagement.Data.Tests.Store;

public sealed class RepositoryTests(string provider) : StoreTests(provider)
{
    [Test]
    public async Task Brands_are_upserted_listed_and_deleted_with_their_accounts_and_memberships()
    {
        await using var store = await CreateStoreAsync();
        var brands = new BrandRepository(store.Factory);
        var accounts = new AccountRepository(store.Factory);
        var peers = new PeerSetRepository(store.Factory);

        var created = await brands.UpsertAsync(new Brand("bolt", "Bolt", "food"));
        var unchanged = await brands.UpsertAsync(new Brand("bolt", "Bolt", "food"));
        var updated = await brands.UpsertAsync(new Brand("bolt", "Bolt Snacks", null));
        await brands.UpsertAsync(new Brand("acme", "Acme", "food"));
        await accounts.AddAsync(new Account("bolt", "mastodon", "bolt@social.example"));
        await peers.SetAsync(WorkspaceRepository.Default, "food", ["acme", "bolt"]);

        Assert.That((created, unchanged, updated), Is.EqualTo((WriteOutcome.Created, WriteOutcome.Unchanged, WriteOutcome.Updated)));
        Assert.That(await brands.GetAsync("bolt"), Is.EqualTo(new Brand("bolt", "Bolt Snacks", null)));
        Assert.That((await brands.ListAsync()).Select(b => b.Id), Is.EqualTo(new[] { "acme", "bolt" }));

        Assert.That(await brands.DeleteAsync("bolt"), Is.True);
        Assert.That(await brands.DeleteAsync("bolt"), Is.False);
        Assert.That(await brands.GetAsync("bolt"), Is.Null);
        Assert.That(await accounts.ListAsync(), Is.Empty);
        Assert.That((await peers.GetAsync(WorkspaceRepository.Default, "food"))!.Brands, Is.EqualTo(new[] { "acme" }));
    }

    [Test]
    public void An_invalid_brand_id_is_refused()
    {
        var brands = new BrandRepository(new SqliteConnectionFactory(Path.Combine(Path.GetTempPath(), "never-opened.db")));

        Assert.That(() => brands.UpsertAsync(new Brand("Acme Co", "Acme", null)), Throws.InstanceOf<DomainException>());
    }

    [Test]
    public async Task Accounts_follow_the_one_brand_and_one_account_per_network_rules()
    {
        await using var store = await CreateStoreAsync();
        var brands = new BrandRepository(store.Factory);
        var accounts = new AccountRepository(store.Factory);
        await brands.UpsertAsync(new Brand("acme", "Acme", null));
        await brands.UpsertAsync(new Brand("bolt", "Bolt", null));

        var added = await accounts.AddAsync(new Account("acme", "mastodon", "@ACME@social.example"));
        var again = await accounts.AddAsync(new Account("acme", "mastodon", "acme@social.example"));

        Assert.That((added, again), Is.EqualTo((WriteOutcome.Created, WriteOutcome.Unchanged)));
        Assert.That(
            () => accounts.AddAsync(new Account("bolt", "mastodon", "acme@social.example")),
            Throws.InstanceOf<DomainException>().With.Message.Contains("already belongs to brand 'acme'"));
        Assert.That(
            () => accounts.AddAsync(new Account("acme", "mastodon", "other@social.example")),
            Throws.InstanceOf<DomainException>().With.Message.Contains("already has an account on mastodon"));
        Assert.That(
            () => accounts.AddAsync(new Account("zeta", "mastodon", "zeta@social.example")),
            Throws.InstanceOf<NotFoundException>());
        Assert.That(await accounts.ListAsync("acme"), Is.EqualTo(new[] { new Account("acme", "mastodon", "acme@social.example") }));

        Assert.That(await accounts.DeleteAsync("mastodon", "@Acme@social.example"), Is.True);
        Assert.That(await accounts.ListAsync(), Is.Empty);
    }

    [Test]
    public async Task Peer_sets_are_set_replaced_listed_and_deleted()
    {
        await using var store = await CreateStoreAsync();
        var brands = new BrandRepository(store.Factory);
        var peers = new PeerSetRepository(store.Factory);
        foreach (var id in new[] { "acme", "bolt", "corvid" })
        {
            await brands.UpsertAsync(new Brand(id, id, null));
        }

        var created = await peers.SetAsync(WorkspaceRepository.Default, "rivals", ["bolt", "acme"]);
        var same = await peers.SetAsync(WorkspaceRepository.Default, "rivals", ["acme", "bolt", "acme"]);
        var replaced = await peers.SetAsync(WorkspaceRepository.Default, "rivals", ["corvid"]);
        await peers.SetAsync(WorkspaceRepository.Default, "empty", []);

        Assert.That((created, same, replaced), Is.EqualTo((WriteOutcome.Created, WriteOutcome.Unchanged, WriteOutcome.Updated)));
        Assert.That(await peers.GetAsync(WorkspaceRepository.Default, "rivals"), Is.EqualTo(new PeerSet("rivals", ["corvid"])).Using<PeerSet>(SamePeerSet));
        var all = await peers.ListAsync(WorkspaceRepository.Default);
        Assert.That(all.Select(p => (p.Name, string.Join(",", p.Brands))), Is.EqualTo(new[] { ("empty", ""), ("rivals", "corvid") }));
        Assert.That(() => peers.SetAsync(WorkspaceRepository.Default, "rivals", ["acme", "zeta"]), Throws.InstanceOf<NotFoundException>().With.Message.Contains("zeta"));
        Assert.That((await peers.GetAsync(WorkspaceRepository.Default, "rivals"))!.Brands, Is.EqualTo(new[] { "corvid" }), "a refused set leaves the old one");
        Assert.That(await peers.DeleteAsync(WorkspaceRepository.Default, "rivals"), Is.True);
        Assert.That(await peers.GetAsync(WorkspaceRepository.Default, "rivals"), Is.Null);
        Assert.That(await peers.DeleteAsync(WorkspaceRepository.Default, "rivals"), Is.False);
        Assert.That(await store.CountAsync("peer_set_members"), Is.Zero);
    }

    [Test]
    public async Task Api_keys_are_inserted_found_by_hash_listed_and_revoked()
    {
        var clock = new ManualClock(new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var store = await CreateStoreAsync(time: clock);
        var keys = new ApiKeyRepository(store.Factory);

        var admin = await keys.InsertAsync("ops", ApiKeyGrant.Admin, "hash-1");
        await keys.InsertAsync("dashboard", ApiKeyGrant.Viewer, "hash-2");
        clock.Now = clock.Now.AddHours(1);
        var revoked = await keys.RevokeAsync(WorkspaceRepository.Default, "ops");

        Assert.That(admin.CreatedAt, Is.EqualTo(new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero)));
        Assert.That((admin.Role, admin.Workspace, admin.IsActiveAt(clock.Now)), Is.EqualTo((ApiKeyRole.Admin, "default", true)));
        Assert.That(revoked, Is.True);
        Assert.That(await keys.RevokeAsync(WorkspaceRepository.Default, "ops"), Is.False, "already revoked");
        var found = await keys.FindByHashAsync("hash-1");
        Assert.That(found!.RevokedAt, Is.EqualTo(new DateTimeOffset(2024, 3, 1, 13, 0, 0, TimeSpan.Zero)));
        Assert.That(found.IsActiveAt(clock.Now), Is.False);
        Assert.That((await keys.FindByHashAsync("hash-2"))!.Role, Is.EqualTo(ApiKeyRole.Viewer));
        Assert.That(await keys.FindByHashAsync("nope"), Is.Null);
        Assert.That((await keys.ListAsync()).Select(k => k.Name), Is.EqualTo(new[] { "dashboard", "ops" }));
        Assert.That(() => keys.InsertAsync("ops", ApiKeyGrant.Viewer, "hash-3"), Throws.InstanceOf<DomainException>());
    }

    private static bool SamePeerSet(PeerSet a, PeerSet b) => a.Name == b.Name && a.Brands.SequenceEqual(b.Brands);
}

/// <summary>A clock the test sets.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
