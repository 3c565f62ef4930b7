using Engagement.Domain.Model;
using Engagement.Data.Store;
using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Audit;
using Engagement.Data.Store.Export;
using Engagement.Data.Store.Import;
using Engagement.Data.Store.Repositories;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Engagement.Service.Hosting;

/// <summary>Where the service keeps its data: section <c>Store</c>, or <c>ConnectionStrings:Engagement</c>.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";
    public const string ConnectionStringName = "Engagement";
    public const string DefaultPath = "./data/engagement.db";

    /// <summary>
    /// The store, as the CLI's --db takes it: a SQLite file (created, with its folder, on first use;
    /// relative paths start at the working folder), or a PostgreSQL connection string or postgres:// URL.
    /// </summary>
    public string Path { get; set; } = DefaultPath;
}

public static class StoreExtensions
{
    /// <summary>The store (SQLite or PostgreSQL), its repositories and importer; the schema is migrated before the server listens.</summary>
    public static IHostApplicationBuilder AddStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StoreOptions>()
            .BindConfiguration(StoreOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) =>
            {
                // A connection string, when given, wins: "Host=db;Database=engagement;..." (PostgreSQL)
                // or "Data Source=/var/lib/engagement.db" (SQLite); StoreConnection tells them apart.
                if (configuration.GetConnectionString(StoreOptions.ConnectionStringName) is { Length: > 0 } connectionString)
                {
                    options.Path = connectionString;
                }
            })
            .Validate(options => !string.IsNullOrWhiteSpace(options.Path), "Store:Path (or ConnectionStrings:Engagement) must name the SQLite file or the PostgreSQL database")
            .ValidateOnStart();

        builder.Services.TryAddSingleton(TimeProvider.System);
        // The container disposes the factory at shutdown (PostgreSQL's pool is IAsyncDisposable).
        builder.Services.AddSingleton(services => StoreConnection.Create(
            services.GetRequiredService<IOptions<StoreOptions>>().Value.Path,
            services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<BrandRepository>();
        builder.Services.AddSingleton<AccountRepository>();
        builder.Services.AddSingleton<PeerSetRepository>();
        builder.Services.AddSingleton<ApiKeyRepository>();
        builder.Services.AddSingleton<WorkspaceRepository>();
        builder.Services.AddSingleton<AuditLogRepository>();
        builder.Services.AddSingleton<DataVersionRepository>();
        builder.Services.AddSingleton<AggregateStore>();
        builder.Services.AddSingleton<ReportSnapshotStore>();
        builder.Services.AddSingleton<SignInSessionRepository>();
        builder.Services.AddOptions<FieldLimits>()
            .BindConfiguration(FieldLimits.Section)
            .Validate(limits => limits.Problem() is null, "Validation: EarliestInstant from 1970, MaxAhead >= 0, MaxNameLength >= 1, MaxHandleLength >= 16")
            .ValidateOnStart();
        builder.Services.AddSingleton(services => new FieldRules(
            services.GetRequiredService<IOptions<FieldLimits>>().Value, services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(services => new ImportSettings(
            services.GetRequiredService<FieldRules>(), services.GetRequiredService<IOptions<ImportOptions>>().Value.MaxListedErrors));
        builder.Services.AddSingleton<DatasetImporter>();
        builder.Services.AddSingleton<DatasetExporter>();
        builder.Services.AddSingleton<StoreCompaction>();
        builder.Services.AddSingleton<StoreMigrator>();
        builder.Services.AddHostedService<StoreLifecycle>();
        return builder;
    }
}
