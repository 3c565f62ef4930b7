using Engagement.Collectors.Status;
using Engagement.Collectors.Storage;
using Engagement.Collectors.Tests.Infrastructure;
using Engagement.Data.Store;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Engagement.Collectors.Tests;

/// <summary>The status read a page at a time and summarised per network, on the real store: the same rows as the whole list.</summary>
public sealed partial class SqlCollectorStoreTests
{
    // Seven brands more, each on mastodon, bluesky and a CSV-only network (which sorts between the
    // collected ones: the pages skip it), beside the set-up's acme.
    private async Task AddBrandsAsync()
    {
        var brands = new BrandRepository(_factory);
        var accounts = new AccountRepository(_factory);
        for (var i = 0; i < 7; i++)
        {
            await brands.UpsertAsync(new Brand($"b{i}", $"Brand {i}", null));
            await accounts.AddAsync(new Account($"b{i}", "mastodon", $"user{i}@social.example"));
            await accounts.AddAsync(new Account($"b{i}", "bluesky", $"user{i}.bsky.social"));
            await accounts.AddAsync(new Account($"b{i}", "linkedin", $"user{i}"));
        }
    }

    [Test]
    public async Task Status_pages_in_order_give_exactly_the_whole_list()
    {
        await AddBrandsAsync();
        var store = new SqlCollectorStore(_factory);
        var success = new DateTimeOffset(2025, 3, 20, 11, 0, 0, TimeSpan.Zero);
        await store.SaveStateAsync(new CollectorAccountState("mastodon", "user3@social.example") { Health = CollectorHealth.Ok, LastSuccessAt = success, PostsStored = 12 }, default);
        await using var harness = CollectorHarness.Create(store: store);
        var status = harness.Host.Services.GetRequiredService<CollectorStatusQuery>();

        var whole = await status.GetAsync();
        var paged = new List<CollectorAccountStatus>();
        (string, string)? after = null;
        while (true)
        {
            var page = await status.PageAsync(null, after, 3);
            paged.AddRange(page);
            if (page.Count < 3)
            {
                break;
            }

            after = (page[^1].Network, page[^1].Handle);
        }

        Assert.Multiple(() =>
        {
            Assert.That(whole, Has.Count.EqualTo(15));
            Assert.That(paged, Is.EqualTo(whole));
            Assert.That(paged.Single(s => s.Handle == "user3@social.example").PostsStored, Is.EqualTo(12));
        });
    }

    [Test]
    public async Task Networks_summary_gives_accounts_and_the_latest_success()
    {
        await AddBrandsAsync();
        var store = new SqlCollectorStore(_factory);
        var early = new DateTimeOffset(2025, 3, 19, 8, 0, 0, TimeSpan.Zero);
        var late = new DateTimeOffset(2025, 3, 20, 9, 30, 0, TimeSpan.Zero);
        await store.SaveStateAsync(new CollectorAccountState("mastodon", "user1@social.example") { LastSuccessAt = early }, default);
        await store.SaveStateAsync(new CollectorAccountState("mastodon", "user2@social.example") { LastSuccessAt = late }, default);
        await using var harness = CollectorHarness.Create(store: store);

        var networks = await harness.Host.Services.GetRequiredService<CollectorStatusQuery>().NetworksAsync();
        var memory = await ((ICollectorStore)new InMemoryCollectorStore()).SummarizeAsync(default);

        Assert.Multiple(() =>
        {
            Assert.That(networks.Select(n => n.Network), Is.EqualTo(new[] { "mastodon", "bluesky" }), "collected networks only, in the collectors' order");
            Assert.That(networks[0].Accounts, Is.EqualTo(8));
            Assert.That(networks[0].LastSuccessAt, Is.EqualTo(late));
            Assert.That(networks[1].LastSuccessAt, Is.Null);
            Assert.That(memory, Is.Empty);
        });
    }
}
