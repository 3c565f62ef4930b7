using Engagement.Data.Store;

namespace Engagement.Data.Tests.Store;

/// <summary>The providers every store fixture runs against.</summary>
public static class StoreProviders
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public static IEnumerable<string> All() => [Sqlite, Postgres];
}

/// <summary>
/// A store fixture run once per provider (<c>ImportTests("sqlite")</c>, <c>ImportTests("postgres")</c>):
/// the same tests, the same SQL, on a real migrated SQLite file and a real PostgreSQL schema.
/// </summary>
[TestFixtureSource(typeof(StoreProviders), nameof(StoreProviders.All))]
public abstract class StoreTests(string provider)
{
    protected string Provider { get; } = provider;

    protected bool IsPostgres => Provider == StoreProviders.Postgres;

    private protected Task<TestStore> CreateStoreAsync(TimeProvider? time = null, bool migrate = true) =>
        TestStore.CreateAsync(Provider, time, migrate);

    /// <summary>Writes a file of the test's own (a data set file) in a fresh folder of the store's.</summary>
    private protected static async Task<string> WriteAsync(TestStore store, string name, string text)
    {
        var path = Path.Combine(store.TempFolder(Guid.NewGuid().ToString("N")), name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    private protected static async Task<long> VersionAsync(TestStore store) =>
        (await store.QueryAsync<long>("""SELECT "version" FROM "data_version" """)).Single();
}
