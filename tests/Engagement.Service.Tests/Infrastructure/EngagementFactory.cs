using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Engagement.Service.Tests.Infrastructure;

/// <summary>The service over a real SQLite file in a temporary folder, swapped in through configuration.</summary>
/// <param name="store">Another store than the temporary SQLite file, e.g. a PostgreSQL connection string.</param>
/// <param name="settings">More configuration, e.g. <c>Api:RateLimit:PermitsPerMinute</c>.</param>
public sealed class EngagementFactory(string? store = null, IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    public const long MaxImportBytes = 4 * 1024 * 1024;

    public string Folder { get; } = Directory.CreateTempSubdirectory("engagement-api-tests-").FullName;

    public string DatabasePath => Path.Combine(Folder, "engagement.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Production: what users run, so no developer exception page can hide a missing handler.
        builder.UseEnvironment("Production");
        builder.UseSetting("Store:Path", store ?? DatabasePath);
        builder.UseSetting("Imports:MaxBytes", MaxImportBytes.ToString(CultureInfo.InvariantCulture));

        // The samples' accounts are invented and this machine has no network: no background collection.
        foreach (var network in new[] { "Mastodon", "Bluesky", "YouTube" })
        {
            builder.UseSetting($"Collectors:{network}:Enabled", "false");
        }

        // Scheduled reports and deliveries run when a test calls them, not on the wall clock.
        builder.UseSetting("Deliveries:Enabled", "false");

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(Folder))
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(Folder, recursive: true);
        }
    }
}
