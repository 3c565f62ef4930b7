using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;
using Engagement.Service.Reports;
using Engagement.Service.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Engagement.Service.Tests.Hosting;

public class CachedScoringInputSourceTests : ApiFixture
{
    [Test]
    public async Task Input_is_reused_while_the_data_version_stands_and_reloaded_after_a_write()
    {
        var source = Factory.Services.GetRequiredService<IScoringInputSource>();
        var first = await source.GetAsync(CancellationToken.None);
        var again = await source.GetAsync(CancellationToken.None);
        await Factory.Services.GetRequiredService<BrandRepository>().UpsertAsync(new Brand("cache-new", "Cache New", null));
        var after = await source.GetAsync(CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(again, Is.SameAs(first));
            Assert.That(after, Is.Not.SameAs(first));
            Assert.That(after.Brands.ContainsKey("cache-new"), Is.True);
        });
    }

    [Test]
    public async Task Concurrent_requests_share_one_load()
    {
        await Factory.Services.GetRequiredService<BrandRepository>().UpsertAsync(new Brand("cache-burst", "Cache Burst", null));
        var source = Factory.Services.GetRequiredService<IScoringInputSource>();
        var inputs = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => source.GetAsync(CancellationToken.None)));
        Assert.That(inputs.Distinct().Count(), Is.EqualTo(1));
    }
}
