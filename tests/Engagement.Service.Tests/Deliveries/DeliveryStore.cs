using Engagement.Collectors.Tests.Infrastructure;
using Engagement.Data.Store;
using Engagement.Data.Store.Import;
using Engagement.Data.Tests.Store;
using Engagement.Service.Cli;
using Engagement.Service.Tests.Infrastructure;
using Engagement.Service.Tests.Postgres;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Engagement.Service.Tests.Deliveries;

/// <summary>
/// One store (a SQLite file, or a PostgreSQL schema of its own) and the service hosts over it: each
/// host is the service's own composition (store, reports, collectors, deliveries) with its own
/// lease owner, all on one fake clock. A host disposed is an instance stopped; a new one, a restart.
/// </summary>
public sealed class DeliveryStore : IAsyncDisposable
{
    /// <summary>A Wednesday inside the samples (2026-08-01 to 2026-10-31).</summary>
    public static readonly DateTimeOffset Start = new(2026, 10, 21, 12, 0, 0, TimeSpan.Zero);

    private readonly List<IHost> _hosts = [];
    private readonly string _folder = Directory.CreateTempSubdirectory("engagement-deliveries-").FullName;
    private string? _schema;

    private DeliveryStore(IReadOnlyDictionary<string, string?> settings, DateTimeOffset start)
    {
        Settings = settings;
        Clock = new ManualTimeProvider(start);
    }

    public ManualTimeProvider Clock { get; }

    public string Db { get; private set; } = "";

    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <param name="provider"><see cref="StoreProviders.Sqlite"/> or <see cref="StoreProviders.Postgres"/>.</param>
    /// <param name="smtpPort">The test SMTP server's port, when e-mail is used.</param>
    /// <param name="start">The clock's start (default <see cref="Start"/>).</param>
    public static DeliveryStore Create(string provider, int? smtpPort = null, IReadOnlyDictionary<string, string?>? more = null, DateTimeOffset? start = null)
    {
        var settings = new Dictionary<string, string?>
        {
            // The samples end on 2026-10-31; the clock starts before that.
            ["Validation:MaxAhead"] = "90.00:00:00",
            // The test servers (webhook receiver, SMTP) listen on loopback.
            ["Collectors:Outbound:AllowedRanges:0"] = "127.0.0.1/32",
            ["Smtp:Host"] = smtpPort is null ? "" : "127.0.0.1",
            ["Smtp:Port"] = (smtpPort ?? 25).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:Security"] = "None",
            ["Smtp:From"] = "Engagement <reports@agency.test>",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var store = new DeliveryStore(settings, start ?? Start);
        if (provider == StoreProviders.Postgres)
        {
            store._schema = $"deliveries_{Guid.NewGuid():N}";
            store.Db = StoreProviders.CreateSchema(store._schema);
        }
        else
        {
            store.Db = Path.Combine(store._folder, "engagement.db");
        }

        return store;
    }

    /// <summary>Starts an instance (migrating the store on the way, as the service does).</summary>
    /// <param name="services">Registrations after the service's own (a counting decorator).</param>
    /// <param name="migrate">False to leave the schema as it is (a store an older version left).</param>
    public async Task<IServiceProvider> StartHostAsync(Action<IServiceCollection>? services = null, bool migrate = true)
    {
        var host = CliHost.Build(
            Db,
            builder =>
            {
                builder.Services.AddSingleton<TimeProvider>(Clock);
                services?.Invoke(builder.Services);
            },
            Settings);
        _hosts.Add(host);
        if (migrate)
        {
            await host.Services.GetRequiredService<StoreMigrator>().MigrateAsync();
        }

        return host.Services;
    }

    /// <summary>
    /// Starts an instance on a SQLite store whose connections add each statement SQLite runs to
    /// <paramref name="statements"/> (the tests that count what a job costs the store).
    /// </summary>
    public Task<IServiceProvider> StartTracedHostAsync(StatementLog statements) =>
        StartHostAsync(services => services.AddSingleton<IDbConnectionFactory>(
            new TracedSqliteFactory((SqliteConnectionFactory)StoreConnection.Create(Db, Clock), (_, sql) => statements.Add(sql))));

    /// <summary>Stops an instance: its leases stay in the store until they expire (as after a crash).</summary>
    public async Task StopHostAsync(IServiceProvider services)
    {
        var host = _hosts.Single(h => h.Services == services);
        _hosts.Remove(host);
        await DisposeHostAsync(host);
    }

    public static async Task ImportSamplesAsync(IServiceProvider services)
    {
        var report = await services.GetRequiredService<DatasetImporter>().ImportAsync([Samples.Folder]);
        Assert.That(report.HasProblems, Is.False, "the samples import cleanly");
    }

    /// <summary>Moves the clock to <paramref name="instant"/>.</summary>
    public void AdvanceTo(DateTimeOffset instant) => Clock.Advance(instant - Clock.GetUtcNow());

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await DisposeHostAsync(host);
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        if (_schema is not null)
        {
            StoreProviders.DropSchema(_schema);
        }
    }

    private static async Task DisposeHostAsync(IHost host)
    {
        if (host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }
    }
}
