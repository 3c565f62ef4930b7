using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;

namespace Engagement.Service.Hosting;

/// <summary>
/// The settings every host of the service starts from, below everything a user gives: the
/// <c>appsettings.json</c> shipped beside the executable (it documents every setting with its
/// default, and is found even when the service runs from another folder), and quiet request logs.
/// </summary>
public static class DefaultSettings
{
    public const string SettingsFile = "appsettings.json";

    /// <summary>Puts the defaults first, so the content root's appsettings.json, the environment and the command line win.</summary>
    public static void AddTo(IConfigurationManager configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            // One information line per request drowns the banner and the warnings: opt in with
            // Logging:LogLevel:Microsoft.AspNetCore=Information.
            InitialData = new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning" },
        });
        var shipped = new JsonConfigurationSource { Path = SettingsFile, Optional = true, ReloadOnChange = false };
        shipped.FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(AppContext.BaseDirectory);
        configuration.Sources.Insert(1, shipped);
    }
}
