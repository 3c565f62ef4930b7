using Engagement.Collectors.Engine;
using Engagement.Service.Cli;
using Engagement.Service.Deliveries;
using Engagement.Service.Reports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

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

    [Test]
    public void A_reading_verbs_host_has_the_reports_without_the_collectors_or_deliveries()
    {
        var db = Path.Combine(Path.GetTempPath(), $"clihost-{Guid.NewGuid():N}.db");
        using var core = CliHost.Build(db, services: CliServices.Core);
        using var all = CliHost.Build(db);

        Assert.That(core.Services.GetService<ReportService>(), Is.Not.Null);
        Assert.That(core.Services.GetService<CollectorRunner>(), Is.Null);
        Assert.That(core.Services.GetService<AlertEvaluator>(), Is.Null);
        Assert.That(all.Services.GetService<CollectorRunner>(), Is.Not.Null, "the default host has every part");
        Assert.That(all.Services.GetService<AlertEvaluator>(), Is.Not.Null);
    }

    [Test]
    public void A_verbs_logs_go_to_standard_error_and_leave_standard_output_to_its_data()
    {
        var db = Path.Combine(Path.GetTempPath(), $"clihost-{Guid.NewGuid():N}.db");
        using var host = CliHost.Build(db, services: CliServices.Core);

        // A warning (e.g. a report made but not kept) printed on standard output would break the JSON or CSV piped from it.
        Assert.That(host.Services.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value.LogToStandardErrorThreshold, Is.EqualTo(LogLevel.Trace));
    }
}
