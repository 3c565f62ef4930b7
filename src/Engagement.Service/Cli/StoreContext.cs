using Engagement.Data.Store;
using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Migrations;
using Engagement.Data.Store.Repositories;
using Engagement.Service.Reports;

namespace Engagement.Service.Cli;

/// <summary>The store of a command-line verb: opened (and migrated) once per invocation.</summary>
public sealed class StoreContext
{
    private StoreContext(IDbConnectionFactory factory)
    {
        Factory = factory;
        Reports = new ReportService(
            new AggregateScoringViewSource(new AggregateStore(factory), new DataVersionRepository(factory)), new ReportSnapshotStore(factory));
    }

    public IDbConnectionFactory Factory { get; }

    public ReportService Reports { get; }

    public BrandRepository Brands => new(Factory);

    public PeerSetRepository PeerSets => new(Factory);

    public ApiKeyRepository ApiKeys => new(Factory);

    /// <param name="db">A SQLite file, or a PostgreSQL connection string / postgres:// URL (<see cref="StoreConnection.Create"/>).</param>
    public static async Task<StoreContext> OpenAsync(string db, CancellationToken ct)
    {
        var factory = StoreConnection.Create(db);
        await new StoreMigrator(factory).MigrateAsync(ct);
        return new StoreContext(factory);
    }
}
