using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;
using Engagement.Service.Hosting;
using Engagement.Service.Security;
using Engagement.Service.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Engagement.Service.Tests.Hosting;

public class DemoDataTests
{
    [Test]
    public void Samples_are_found_beside_the_build()
    {
        var folder = DemoData.FindSamples(AppContext.BaseDirectory);
        Assert.That(File.Exists(Path.Combine(folder, "posts.csv")), Is.True);
    }

    [Test]
    public async Task Seed_imports_the_samples_and_creates_an_active_admin_key()
    {
        using var factory = new EngagementFactory();
        var seed = await DemoData.SeedAsync(factory.Services, Samples.Folder, CancellationToken.None);
        var key = await factory.Services.GetRequiredService<ApiKeyRepository>().FindByHashAsync(ApiKeySecrets.Hash(seed.AdminKey));
        Assert.Multiple(() =>
        {
            Assert.That(seed.Brands, Has.Count.EqualTo(12).And.Contains("plateau-pixels"));
            Assert.That(key?.Role, Is.EqualTo(ApiKeyRole.Admin));
            Assert.That(key?.IsActiveAt(DateTimeOffset.UtcNow), Is.True);
        });
    }

    [Test]
    public void Missing_samples_are_a_clear_error_naming_the_folder()
    {
        var error = Assert.Throws<DomainException>(() => DemoData.FindSamples(Path.GetTempPath()));
        Assert.That(error?.Message, Does.Contain("samples/montreal-agencies").And.Contain(Path.GetTempPath()));
    }
}
