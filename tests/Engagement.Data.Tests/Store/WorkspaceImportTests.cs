using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Import;
using Engagement.Data.Store.Repositories;

namespace Engagement.Data.Tests.Store;

/// <summary>An import into a workspace: it tracks the file's brands, and a brand another workspace tracks stays as that workspace sees it.</summary>
public sealed class WorkspaceImportTests(string provider) : StoreTests(provider)
{
    [Test]
    public async Task A_workspace_import_tracks_its_brands_and_changes_no_brand_another_workspace_tracks()
    {
        await using var store = await CreateStoreAsync();
        var importer = new DatasetImporter(store.Factory, new AggregateStore(store.Factory));
        await importer.ImportAsync([TestStore.Vectors("basic", "brands.csv")]);
        await new WorkspaceRepository(store.Factory).CreateAsync("agency");
        var folder = store.TempFolder("agency");
        await File.WriteAllTextAsync(Path.Combine(folder, "brands.csv"), "brand,name,industry\nacme,Renamed,other\nnewco,New Co,\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "accounts.csv"), "brand,network,handle\nacme,x,acme_hijack\nnewco,x,newco\n");

        var report = await importer.ImportAsync([folder], workspace: "agency", changesShared: false);

        var brands = new BrandRepository(store.Factory);
        Assert.Multiple(async () =>
        {
            Assert.That(await new WorkspaceRepository(store.Factory).BrandsAsync("agency"), Is.EqualTo(new[] { "acme", "newco" }));
            Assert.That((await brands.GetAsync("acme"))!.Name, Is.Not.EqualTo("Renamed"), "default tracks acme too: it keeps its name");
            Assert.That((await new AccountRepository(store.Factory).ListAsync("acme")).Select(a => a.Handle), Does.Not.Contain("acme_hijack"));
            Assert.That((await new AccountRepository(store.Factory).ListAsync("newco")).Select(a => a.Handle), Is.EqualTo(new[] { "newco" }));
            var rejected = report.Files.Single(f => f.Kind == DatasetFileKind.Accounts).Errors.Single();
            Assert.That((rejected.Line, rejected.Column, rejected.Reason), Is.EqualTo((2L, "brand",
                "brand 'acme' is also tracked by other workspaces: its accounts are shared, so only an admin key adds to them")));
        });

        var operators = await importer.ImportAsync([Path.Combine(folder, "brands.csv")], workspace: "agency");
        Assert.That((await brands.GetAsync("acme"))!.Name, Is.EqualTo("Renamed"), "the operators' import may change it");
        Assert.That(operators.Files.Single().Updated, Is.EqualTo(1));
    }
}
