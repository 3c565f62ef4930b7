using Engagement.Data.Store;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;

namespace Engagement.Data.Tests.Store;

/// <summary>Migration 7: a store of version 6 moves into the default workspace with nothing lost.</summary>
public sealed class WorkspaceMigrationTests(string provider) : StoreTests(provider)
{
    [Test]
    public async Task A_version_6_store_moves_into_default_with_its_brands_peer_sets_keys_and_sessions()
    {
        await using var store = await CreateStoreAsync(migrate: false);
        await store.AtVersionAsync(6, """
            INSERT INTO "brands" ("id", "name", "industry") VALUES ('acme', 'Acme', 'retail'), ('bolt', 'Bolt', NULL), ('corvid', 'Corvid', 'retail');
            INSERT INTO "peer_sets" ("name") VALUES ('rivals'), ('empty');
            INSERT INTO "peer_set_members" ("name", "brand") VALUES ('rivals', 'acme'), ('rivals', 'bolt');
            INSERT INTO "api_keys" ("id", "name", "scope", "key_hash", "created_at", "revoked_at") VALUES
                (1, 'ops', 'admin', 'hash-ops', 10, NULL), (2, 'dashboard', 'read', 'hash-dash', 20, NULL), (3, 'old', 'read', 'hash-old', 30, 40);
            INSERT INTO "sign_in_sessions" ("id_hash", "key_id", "created_at", "expires_at", "revoked_at") VALUES ('s1', 2, 50, 60, NULL);
            """);

        Assert.That(await new StoreMigrator(store.Factory).MigrateAsync(), Does.Contain(7));

        var workspaces = new WorkspaceRepository(store.Factory);
        var keys = new ApiKeyRepository(store.Factory);
        var peers = new PeerSetRepository(store.Factory);
        var all = await keys.ListAsync();
        Assert.Multiple(async () =>
        {
            Assert.That((await workspaces.ListAsync()).Select(w => (w.Name, w.Brands)), Is.EqualTo(new[] { ("default", 3) }));
            Assert.That(await workspaces.BrandsAsync("default"), Is.EqualTo(new[] { "acme", "bolt", "corvid" }));
            Assert.That((await peers.ListAsync("default")).Select(p => (p.Name, string.Join(",", p.Brands))),
                Is.EqualTo(new[] { ("empty", ""), ("rivals", "acme,bolt") }));
            Assert.That(all.Select(k => (k.Id, k.Workspace, k.Name, k.Role, k.KeyHash, k.RevokedAt is null)), Is.EqualTo(new[]
            {
                (2L, "default", "dashboard", ApiKeyRole.Viewer, "hash-dash", true),
                (3L, "default", "old", ApiKeyRole.Viewer, "hash-old", false),
                (1L, "default", "ops", ApiKeyRole.Admin, "hash-ops", true),
            }), "a read key becomes a viewer of default, an admin key stays the server-wide admin; ids and hashes are kept");
            Assert.That(all.All(k => k.Brands is null && k.ExpiresAt is null && k.LastUsedAt is null), Is.True);
            Assert.That(await store.QueryAsync<long>("""SELECT "key_id" FROM "sign_in_sessions" WHERE "id_hash" = 's1'"""), Is.EqualTo(new[] { 2L }),
                "sign-in sessions survive the rebuild of api_keys");
        });
    }

    [Test]
    public async Task After_the_migration_names_are_per_workspace_and_changes_still_move_the_data_version()
    {
        await using var store = await CreateStoreAsync();
        var workspaces = new WorkspaceRepository(store.Factory);
        var brands = new BrandRepository(store.Factory);
        var peers = new PeerSetRepository(store.Factory);
        var keys = new ApiKeyRepository(store.Factory);
        var version = new DataVersionRepository(store.Factory);
        Assert.That(await workspaces.CreateAsync("agency"), Is.True);
        await brands.UpsertAsync(new Brand("acme", "Acme", null));
        await brands.UpsertAsync(new Brand("bolt", "Bolt", null), "agency");

        var before = await version.GetAsync();
        await peers.SetAsync("default", "rivals", ["acme"]);
        var afterPeers = await version.GetAsync();
        await peers.SetAsync("agency", "rivals", ["bolt"]);
        await keys.InsertAsync("client", ApiKeyGrant.Viewer, "hash-1");
        await keys.InsertAsync("client", new ApiKeyGrant("agency", ApiKeyRole.Viewer, ["bolt"]), "hash-2");

        Assert.Multiple(async () =>
        {
            Assert.That(afterPeers, Is.GreaterThan(before), "the rebuilt peer_sets keep moving the data version");
            Assert.That((await peers.GetAsync("agency", "rivals"))!.Brands, Is.EqualTo(new[] { "bolt" }));
            Assert.That((await peers.GetAsync("default", "rivals"))!.Brands, Is.EqualTo(new[] { "acme" }));
            Assert.That(() => peers.SetAsync("agency", "mixed", ["acme"]), Throws.InstanceOf<NotFoundException>().With.Message.EqualTo("unknown brand 'acme'"),
                "a brand of another workspace is unknown to a peer set");
            Assert.That((await keys.FindByHashAsync("hash-2"))!.Brands, Is.EqualTo(new[] { "bolt" }));
            Assert.That(() => keys.InsertAsync("client", ApiKeyGrant.Viewer, "hash-3"), Throws.InstanceOf<DomainException>(), "a name is unique in its workspace");
        });
    }

    [Test]
    public async Task Deleting_a_workspace_takes_its_keys_peer_sets_and_the_brands_only_it_tracks()
    {
        await using var store = await CreateStoreAsync();
        var workspaces = new WorkspaceRepository(store.Factory);
        var brands = new BrandRepository(store.Factory);
        var keys = new ApiKeyRepository(store.Factory);
        await workspaces.CreateAsync("agency");
        await brands.UpsertAsync(new Brand("shared", "Shared", null));
        await brands.UpsertAsync(new Brand("shared", "Shared", null), "agency");
        await brands.UpsertAsync(new Brand("own", "Own", null), "agency");
        await new PeerSetRepository(store.Factory).SetAsync("agency", "rivals", ["own", "shared"]);
        await keys.InsertAsync("client", new ApiKeyGrant("agency", ApiKeyRole.Owner), "hash-1");

        Assert.That(await workspaces.DeleteAsync("agency"), Is.True);

        Assert.Multiple(async () =>
        {
            Assert.That((await brands.ListAsync(workspace: null)).Select(b => b.Id), Is.EqualTo(new[] { "shared" }), "a brand default tracks stays");
            Assert.That(await keys.FindByHashAsync("hash-1"), Is.Null);
            Assert.That(await store.CountAsync("peer_sets"), Is.Zero);
            Assert.That(await workspaces.DeleteAsync("agency"), Is.False);
            Assert.That(() => workspaces.DeleteAsync("default"), Throws.InstanceOf<DomainException>());
        });
    }

    [Test]
    public async Task Deleting_a_shared_brand_in_one_workspace_only_stops_its_tracking_there()
    {
        await using var store = await CreateStoreAsync();
        await new WorkspaceRepository(store.Factory).CreateAsync("agency");
        var brands = new BrandRepository(store.Factory);
        Assert.That(await brands.UpsertAsync(new Brand("shared", "Shared", null)), Is.EqualTo(WriteOutcome.Created));
        Assert.That(await brands.UpsertAsync(new Brand("shared", "Shared", null), "agency"), Is.EqualTo(WriteOutcome.Created), "new to the workspace");
        Assert.That(await brands.UpsertAsync(new Brand("shared", "Shared", null), "agency"), Is.EqualTo(WriteOutcome.Unchanged));

        Assert.That(await brands.DeleteAsync("shared", "agency"), Is.True);
        Assert.That(await brands.DeleteAsync("shared", "agency"), Is.False);
        Assert.That(await brands.GetAsync("shared"), Is.Not.Null, "default still tracks it");
        Assert.That(await brands.DeleteAsync("shared"), Is.True);
        Assert.That(await brands.GetAsync("shared"), Is.Null, "no workspace tracks it any more");
    }
}
