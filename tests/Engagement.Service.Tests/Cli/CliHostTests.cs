using Engagement.Service.Cli;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Engagement.Service.Tests.Cli;

public sealed class CliHostTests
{
    [Test]
    public void A_verbs_host_reads_its_settings_files_once_and_watches_nothing()
    {
        var db = Path.Combine(Path.GetTempPath(), $"clihost-{Guid.NewGuid():N}.db");
        using var host = CliHost.Build(db);
        var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        var files = configuration.Providers.OfType<JsonConfigurationProvider>().ToList();

        Assert.That(files, Is.Not.Empty, "the host reads appsettings.json");
        Assert.That(files.Select(file => file.Source.ReloadOnChange), Is.All.False);
    }
}
