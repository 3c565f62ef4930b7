using System.Net.Http.Headers;
using Engagement.Data.Store.Import;
using Engagement.Data.Store.Repositories;
using Engagement.Service.Hosting;
using Engagement.Service.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Engagement.Service.Tests.Infrastructure;

/// <summary>
/// One service per fixture, its store holding the Montreal samples and three keys: admin, read
/// and revoked. Tests that write use names of their own, so they do not disturb each other.
/// </summary>
public abstract class ApiFixture
{
    protected EngagementFactory Factory { get; private set; } = null!;

    protected string AdminKey { get; private set; } = "";

    protected string ReadKey { get; private set; } = "";

    protected string RevokedKey { get; private set; } = "";

    /// <summary>An admin key's client.</summary>
    protected HttpClient Admin { get; private set; } = null!;

    /// <summary>A read key's client.</summary>
    protected HttpClient Reader { get; private set; } = null!;

    /// <summary>A client without a key.</summary>
    protected HttpClient Anonymous { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartServiceAsync()
    {
        Factory = CreateFactory();
        var services = Factory.Services;
        await SeedAsync(services);
        var keys = services.GetRequiredService<ApiKeyRepository>();
        AdminKey = await CreateKeyAsync(keys, "test-admin", ApiKeyGrant.Admin);
        ReadKey = await CreateKeyAsync(keys, "test-read", ApiKeyGrant.Viewer);
        RevokedKey = await CreateKeyAsync(keys, "test-revoked", ApiKeyGrant.Admin);
        await keys.RevokeAsync(WorkspaceRepository.Default, "test-revoked");
        Admin = Client(AdminKey);
        Reader = Client(ReadKey);
        Anonymous = Client(null);
    }

    [OneTimeTearDown]
    public void StopService()
    {
        Admin.Dispose();
        Reader.Dispose();
        Anonymous.Dispose();
        Factory.Dispose();
    }

    /// <summary>The service under test: over a SQLite file unless a fixture picks another store.</summary>
    protected virtual EngagementFactory CreateFactory() => new();

    /// <summary>Imports the samples; a fixture over other data overrides this.</summary>
    protected virtual async Task SeedAsync(IServiceProvider services)
    {
        var report = await services.GetRequiredService<DatasetImporter>().ImportAsync([Samples.Folder]);
        Assert.That(report.HasProblems, Is.False, "the samples import cleanly");
    }

    /// <summary>A client sending <paramref name="key"/> as a bearer token (none when null); redirects are not followed.</summary>
    protected HttpClient Client(string? key)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    private static async Task<string> CreateKeyAsync(ApiKeyRepository keys, string name, ApiKeyGrant grant)
    {
        var secret = ApiKeySecrets.Generate();
        await keys.InsertAsync(name, grant, ApiKeySecrets.Hash(secret));
        return secret;
    }
}

/// <summary>The Montreal agencies sample (the build copies it beside the service).</summary>
public static class Samples
{
    public static string Folder { get; } = DemoData.FindSamples(AppContext.BaseDirectory);

    /// <summary>Brands with an account on each of the three networks.</summary>
    public static readonly string[] FullyCovered = ["pixel-nord", "mile-end-digital", "studio-saint-laurent"];
}
