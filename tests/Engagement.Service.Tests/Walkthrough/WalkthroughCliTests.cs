using Engagement.Service.Cli;
using Engagement.Service.Hosting;
using Engagement.Service.Tests.Cli;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Engagement.Service.Tests.Walkthrough;

/// <summary>What a new user met on the command line and in serve's settings.</summary>
public sealed class WalkthroughCliTests
{
    [Test]
    public async Task Export_to_a_file_path_exits_2_with_a_message()
    {
        using var cli = new CliRunner();
        await cli.RunAsync("import", CliRunner.Vector("basic"));
        var file = Path.Combine(cli.Folder, "taken.txt");
        await File.WriteAllTextAsync(file, "not a folder");
        var result = await cli.RunAsync("export", file);
        Assert.Multiple(() =>
        {
            Assert.That(result.Code, Is.EqualTo(EngagementCli.BadInput), result.ToString());
            Assert.That(result.Error, Does.Contain("taken.txt is a file"));
            Assert.That(File.ReadAllText(file), Is.EqualTo("not a folder"), "the file is left alone");
        });
    }

    [TestCase("report", "--all")]
    [TestCase("export", "OUT")]
    public async Task Read_only_verbs_refuse_a_store_that_does_not_exist(string verb, string argument)
    {
        using var cli = new CliRunner();
        var result = await cli.RunAsync(verb, argument == "OUT" ? Path.Combine(cli.Folder, "out") : argument);
        Assert.Multiple(() =>
        {
            Assert.That(result.Code, Is.EqualTo(EngagementCli.BadInput), result.ToString());
            Assert.That(result.Error, Does.Contain("no store at").And.Contain("import"));
            Assert.That(File.Exists(cli.Database), Is.False, "no empty store is created");
        });
    }

    [Test]
    public async Task Serve_takes_section_key_settings_on_its_command_line()
    {
        // A setting that fails validation proves it reached the host: before, the parser refused the token.
        using var cli = new CliRunner();
        var result = await cli.RunAsync("serve", "--Imports:MaxBytes=0", "--urls", "http://127.0.0.1:0");
        Assert.Multiple(() =>
        {
            Assert.That(result.Code, Is.EqualTo(EngagementCli.BadInput), result.ToString());
            Assert.That(result.Error, Does.Contain("Imports:MaxBytes must be positive"));
        });
    }

    [Test]
    public void Serve_refuses_a_stray_argument_by_name() =>
        Assert.That(() => ServeCommand.Settings(["--Imports:MaxBytes=5", "oops"]), Throws.InstanceOf<UsageException>().With.Message.Contains("'oops'"));

    [Test]
    public async Task Requests_are_not_logged_by_default_and_can_be()
    {
        using var folder = new TempFolder();
        await using var quiet = EngagementWebApp.Create([$"--Store:Path={folder.File("a.db")}"]);
        await using var verbose = EngagementWebApp.Create([$"--Store:Path={folder.File("b.db")}", "--Logging:LogLevel:Microsoft.AspNetCore=Information"]);
        static bool Logs(IServiceProvider services, string category) =>
            services.GetRequiredService<ILoggerFactory>().CreateLogger(category).IsEnabled(LogLevel.Information);
        Assert.Multiple(() =>
        {
            Assert.That(Logs(quiet.Services, "Microsoft.AspNetCore.Hosting.Diagnostics"), Is.False, "no line per request by default");
            Assert.That(Logs(quiet.Services, "Engagement.Service.Hosting.StoreLifecycle"), Is.True, "the service's own start-up lines stay");
            Assert.That(Logs(verbose.Services, "Microsoft.AspNetCore.Hosting.Diagnostics"), Is.True, "opt in with a setting");
        });
    }

    [Test]
    public void The_shipped_appsettings_documents_every_setting_with_its_default()
    {
        var path = Path.Combine(AppContext.BaseDirectory, DefaultSettings.SettingsFile);
        Assert.That(File.Exists(path), Is.True, "appsettings.json travels with the executable");
        var text = File.ReadAllText(path);
        var configuration = new ConfigurationBuilder().AddJsonFile(path).Build();
        var sections = new (string Section, object Defaults)[]
        {
            (StoreOptions.Section, new StoreOptions()),
            (ImportOptions.Section, new ImportOptions()),
            (Engagement.Domain.Model.FieldLimits.Section, new Engagement.Domain.Model.FieldLimits()),
            (Engagement.Service.Reports.WindowOptions.Section, new Engagement.Service.Reports.WindowOptions()),
            (TelemetryOptions.Section, new TelemetryOptions()),
            (ProxyOptions.Section, new ProxyOptions()),
            (Engagement.Collectors.Http.OutboundOptions.Section, new Engagement.Collectors.Http.OutboundOptions()),
            (Engagement.Service.Deliveries.DeliveryOptions.Section, new Engagement.Service.Deliveries.DeliveryOptions()),
            (Engagement.Service.Deliveries.SmtpOptions.Section, new Engagement.Service.Deliveries.SmtpOptions()),
            (Engagement.Service.Deliveries.PdfOptions.Section, new Engagement.Service.Deliveries.PdfOptions()),
            (Engagement.Collectors.Options.MastodonCollectorOptions.Section, new Engagement.Collectors.Options.MastodonCollectorOptions()),
            (Engagement.Collectors.Options.BlueskyCollectorOptions.Section, new Engagement.Collectors.Options.BlueskyCollectorOptions()),
            (Engagement.Collectors.Options.YouTubeCollectorOptions.Section, new Engagement.Collectors.Options.YouTubeCollectorOptions()),
            (Engagement.Collectors.Options.XCollectorOptions.Section, new Engagement.Collectors.Options.XCollectorOptions()),
            (Engagement.Collectors.Options.FacebookCollectorOptions.SectionName, new Engagement.Collectors.Options.FacebookCollectorOptions()),
            (Engagement.Collectors.Options.InstagramCollectorOptions.SectionName, new Engagement.Collectors.Options.InstagramCollectorOptions()),
        };
        Assert.Multiple(() =>
        {
            foreach (var (section, defaults) in sections)
            {
                var bound = Activator.CreateInstance(defaults.GetType())!;
                configuration.GetSection(section).Bind(bound);
                foreach (var property in defaults.GetType().GetProperties().Where(p => p.CanWrite && p.SetMethod!.IsPublic))
                {
                    Assert.That(text, Does.Contain(property.Name), $"{section}:{property.Name} is documented");
                    Assert.That(property.GetValue(bound), Is.EqualTo(property.GetValue(defaults)), $"{section}:{property.Name} shows the code's default");
                }
            }
        });
    }

    private sealed class TempFolder : IDisposable
    {
        private readonly string _path = Directory.CreateTempSubdirectory("engagement-walkthrough-").FullName;

        public string File(string name) => Path.Combine(_path, name);

        public void Dispose()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_path, recursive: true);
        }
    }
}
