using Dapper;
using Engagement.Data.Store;

namespace Engagement.Data.Tests.Store;

/// <summary>A real, migrated SQLite file in its own temp folder, deleted on dispose.</summary>
internal sealed class TestStore : IAsyncDisposable
{
    private TestStore(string folder, SqliteConnectionFactory factory)
    {
        Folder = folder;
        Factory = factory;
    }

    public string Folder { get; }

    public SqliteConnectionFactory Factory { get; }

    public static string Vectors(params string[] parts) =>
        Path.Combine([TestContext.CurrentContext.TestDirectory, "vectors", .. parts]);

    public static async Task<TestStore> CreateAsync(SqliteStoreOptions? options = null, bool migrate = true)
    {
        var folder = Path.Combine(Path.GetTempPath(), "engagement-store-tests", Guid.NewGuid().ToString("N"));
        // A nested folder that does not exist yet: the factory must create it.
        var factory = new SqliteConnectionFactory(Path.Combine(folder, "db", "store.db"), options);
        var store = new TestStore(folder, factory);
        if (migrate)
        {
            await new StoreMigrator(factory).MigrateAsync();
        }

        return store;
    }

    /// <summary>A second factory on the same file, as another process would have.</summary>
    public SqliteConnectionFactory Open(SqliteStoreOptions? options = null) => new(Factory.Path, options);

    public string TempFolder(string name)
    {
        var path = Path.Combine(Folder, name);
        Directory.CreateDirectory(path);
        return path;
    }

    public Task<long> CountAsync(string table) =>
        Factory.ReadAsync((connection, ct) => connection.ExecuteScalarAsync<long>(new CommandDefinition($"""SELECT COUNT(*) FROM "{table}" """, cancellationToken: ct)));

    public Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null) =>
        Factory.ReadAsync<IReadOnlyList<T>>(async (connection, ct) =>
            (await connection.QueryAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: ct))).AsList());

    public ValueTask DisposeAsync()
    {
        Factory.ClearPool();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }

        return ValueTask.CompletedTask;
    }
}
