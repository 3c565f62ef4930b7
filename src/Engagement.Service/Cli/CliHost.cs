using System.CommandLine;
using Engagement.Collectors;
using Engagement.Data.Store;
using Engagement.Service.Deliveries;
using Engagement.Service.Hosting;
using Engagement.Service.Pages;
using Microsoft.Extensions.Logging.Console;

namespace Engagement.Service.Cli;

/// <summary>
/// What a verb's host holds beyond the store and the reports (<see cref="StoreExtensions.AddStore"/>,
/// <see cref="ReportsExtensions.AddReports"/>), which every verb has.
/// </summary>
[Flags]
public enum CliServices
{
    /// <summary>The store and the reports only: a verb that reads (report, export).</summary>
    Core = 0,

    /// <summary>The collectors (<see cref="CollectorsHostingExtensions.AddCollectors"/>).</summary>
    Collectors = 1,

    /// <summary>Schedules, alerts and their deliveries, with the pages a scheduled report prints.</summary>
    Deliveries = 2,

    /// <summary>Everything <c>serve</c> composes, less the web server.</summary>
    All = Collectors | Deliveries,
}

/// <summary>
/// The services of a command-line verb: the same composition as <c>serve</c> (<see cref="StoreExtensions.AddStore"/>,
/// <see cref="ReportsExtensions.AddReports"/>, and as the verb asks <see cref="CollectorsHostingExtensions.AddCollectors"/>
/// and the deliveries) on a generic host that is built but not started, with the store migrated once. Disposing it disposes
/// the container, so the connection factory (PostgreSQL's pool) is closed and SQLite's file unlocked.
/// </summary>
public sealed class CliHost : IAsyncDisposable
{
    private readonly IHost _host;

    private CliHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    /// <summary>
    /// The host of a verb over the store of <c>--db</c>. A verb that only reads (<paramref name="mustExist"/>)
    /// refuses a SQLite file that is not there rather than create an empty store and report nothing.
    /// </summary>
    public static async Task<CliHost> OpenAsync(ParseResult parse, CancellationToken ct, bool mustExist = false, CliServices services = CliServices.All)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var db = parse.GetValue(CommonOptions.Database)!;
        if (mustExist && StoreConnection.SqliteFile(db) is { } file && !File.Exists(file))
        {
            throw new UsageException(
                $"no store at {Path.GetFullPath(file)}: import a data set first (engagement import DIR --db {db}), or give --db the store to read");
        }

        var host = Build(db, services: services);
        try
        {
            await host.Services.GetRequiredService<StoreMigrator>().MigrateAsync(ct);
            return new CliHost(host);
        }
        catch
        {
            await DisposeAsync(host);
            throw;
        }
    }

    /// <summary>The verb's host, not started: <c>collect</c> runs it; the others only resolve services.</summary>
    /// <param name="settings">Configuration laid over the host's own (appsettings, environment), below --db.</param>
    /// <param name="services">What the verb needs beyond the store and the reports.</param>
    public static IHost Build(
        string db, Action<HostApplicationBuilder>? configure = null, IReadOnlyDictionary<string, string?>? settings = null, CliServices services = CliServices.All)
    {
        // A verb runs once: watching appsettings*.json for changes (a recursive watch of the working
        // folder) only costs CPU; at 30,000 brands it was ~0.3 s of a cold report's ~3 s (bench/RESULTS.md).
        // (Given as an argument: the host reads it from its own command line, before the files.)
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        DefaultSettings.AddTo(builder.Configuration);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Configuration[$"{StoreOptions.Section}:Path"] = db;
        // A verb's output is its own lines; the host's information logs would only interleave with them.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // ... and go to standard error: standard output is the verb's data (a JSON document, a CSV).
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.AddStore();
        builder.AddReports();
        // Only what the verb uses: registering the collectors' HTTP clients, the deliveries and the
        // pages loads their assemblies, ~20 ms of a cold report (bench/RESULTS.md, fifth pass).
        if (services.HasFlag(CliServices.Collectors))
        {
            builder.AddCollectors();
        }

        if (services.HasFlag(CliServices.Deliveries))
        {
            // Imports and passes evaluate the alert rules and queue their deliveries; the service sends them.
            builder.AddDeliveries(background: false);
            // A scheduled report's PDF is the compare page, rendered here as the service renders it.
            builder.Services.AddSingleton<Microsoft.AspNetCore.Hosting.IWebHostEnvironment>(provider => new CliWebEnvironment(provider.GetRequiredService<IHostEnvironment>()));
            builder.AddPages();
            builder.Services.AddAntiforgery();
        }

        configure?.Invoke(builder);
        return builder.Build();
    }

    public T Get<T>()
        where T : notnull => _host.Services.GetRequiredService<T>();

    public ValueTask DisposeAsync() => DisposeAsync(_host);

    private static async ValueTask DisposeAsync(IHost host)
    {
        var factory = host.Services.GetService<IDbConnectionFactory>();
        if (host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }

        (factory as SqliteConnectionFactory)?.ClearPool();
    }
}
