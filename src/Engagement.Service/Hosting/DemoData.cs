using Engagement.Data.Store;
using Engagement.Data.Store.Import;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;
using Engagement.Service.Security;

namespace Engagement.Service.Hosting;

/// <summary>The demo of <c>serve --demo</c>: the Montreal agencies sample in a fresh store, and an admin key.</summary>
public static class DemoData
{
    public const string SampleFolder = "samples/montreal-agencies";

    /// <summary>
    /// The sample folder under one of <paramref name="starts"/> or a parent of one: the serve verb
    /// looks beside the executable (the build copies it there), then from the content root up
    /// (a clone of the repository).
    /// </summary>
    public static string FindSamples(params string[] starts)
    {
        foreach (var start in starts)
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, SampleFolder);
                if (File.Exists(Path.Combine(candidate, "brands.csv")))
                {
                    return candidate;
                }
            }
        }

        throw new DomainException(
            $"the demo needs the sample data set {SampleFolder}/ (brands.csv, accounts.csv, posts.csv, followers.csv); "
            + $"none was found in or above {string.Join(" or ", starts)}: run from a clone of the repository");
    }

    /// <summary>Migrates the store, imports the samples and creates an admin key; returns its secret (shown once).</summary>
    public static async Task<DemoSeed> SeedAsync(IServiceProvider services, string samples, CancellationToken ct)
    {
        await services.GetRequiredService<StoreMigrator>().MigrateAsync(ct);
        var report = await services.GetRequiredService<DatasetImporter>().ImportAsync([samples], progress: null, ct);
        if (report.HasProblems)
        {
            throw new DomainException($"the sample data set {samples} did not import cleanly");
        }

        var secret = ApiKeySecrets.Generate();
        await services.GetRequiredService<ApiKeyRepository>().InsertAsync("demo-admin", ApiKeyGrant.Admin, ApiKeySecrets.Hash(secret), ct);
        var brands = await services.GetRequiredService<BrandRepository>().ListAsync(WorkspaceRepository.Default, ct);
        return new DemoSeed(secret, brands.Select(b => b.Id).ToList());
    }
}

/// <summary>The demo's admin key and its brand ids.</summary>
public sealed record DemoSeed(string AdminKey, IReadOnlyList<string> Brands);
