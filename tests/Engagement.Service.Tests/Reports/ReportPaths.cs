using Engagement.Data.Store;
using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Migrations;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Scoring;
using Engagement.Service.Reports;
using Microsoft.Extensions.Logging.Abstractions;

namespace Engagement.Service.Tests.Reports;

/// <summary>
/// A migrated SQLite store in a temp folder with the two report paths over it: the daily
/// aggregates (what the service runs) and the in-memory engine over the whole input (the reference).
/// </summary>
internal sealed class ReportPaths : IDisposable
{
    private ReportPaths(string folder, SqliteConnectionFactory factory)
    {
        Folder = folder;
        Factory = factory;
        Fast = new ReportService(
            new AggregateScoringViewSource(new AggregateStore(factory), new DataVersionRepository(factory)), new ReportSnapshotStore(factory, NullLogger<ReportSnapshotStore>.Instance));
    }

    public string Folder { get; }

    public SqliteConnectionFactory Factory { get; }

    public ReportService Fast { get; }

    /// <summary>The engine over the input as <see cref="LoadEngineAsync"/> last read it.</summary>
    public ReportService Engine { get; private set; } = null!;

    public static async Task<ReportPaths> CreateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "engagement-report-paths", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var factory = new SqliteConnectionFactory(Path.Combine(folder, "store.db"));
        await new StoreMigrator(factory).MigrateAsync();
        return new ReportPaths(folder, factory);
    }

    /// <summary>Loads the whole input once, so the engine's reports do not each read the store again.</summary>
    public async Task LoadEngineAsync()
    {
        var input = await new ScoringInputLoader(Factory).LoadAsync();
        Engine = new ReportService(new InputScoringViewSource(input));
    }

    public void Dispose()
    {
        Factory.ClearPool();
        Directory.Delete(Folder, recursive: true);
    }
}
