using Dapper;
using Engagement.Data.Store;
using Engagement.Data.Store.Postgres;
using Engagement.Data.Tests.Postgres;

namespace Engagement.Data.Tests.Store;

/// <summary>
/// A real, migrated store deleted on dispose: a SQLite file in its own temp folder, or a
/// PostgreSQL schema of its own. Either way the test also gets a temp folder for its files.
/// </summary>
internal sealed class TestStore : IAsyncDisposable
{
    private readonly List<IDbConnectionFactory> _opened = [];
    private readonly string? _schema;
    private readonly string? _connectionString;

    private TestStore(string folder, IDbConnectionFactory factory, string? schema = null, string? connectionString = null)
    {
        Folder = folder;
        Factory = factory;
        _schema = schema;
        _connectionString = connectionString;
        _opened.Add(factory);
    }

    public string Folder { get; }

    public IDbConnectionFactory Factory { get; }

    /// <summary>The PostgreSQL connection string of this store's schema (null for SQLite), for other processes.</summary>
    public string? ConnectionString => _connectionString;

    /// <summary>The factory as SQLite's, for the tests of SQLite itself.</summary>
    public SqliteConnectionFactory Sqlite => (SqliteConnectionFactory)Factory;

    public static string Vectors(params string[] parts) =>
        Path.Combine([TestContext.CurrentContext.TestDirectory, "vectors", .. parts]);

    /// <summary>A SQLite store (the tests of SQLite's own behaviour).</summary>
    public static Task<TestStore> CreateAsync(SqliteStoreOptions? options = null, bool migrate = true) =>
        CreateAsync(StoreProviders.Sqlite, options?.Time, migrate, options);

    public static async Task<TestStore> CreateAsync(string provider, TimeProvider? time, bool migrate, SqliteStoreOptions? sqlite = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "engagement-store-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        TestStore store;
        if (provider == StoreProviders.Postgres)
        {
            var schema = "t_" + Guid.NewGuid().ToString("N");
            var connectionString = await TestPostgres.CreateSchemaAsync(schema);
            store = new TestStore(folder, NewPostgres(connectionString, time), schema, connectionString);
        }
        else
        {
            // A nested folder that does not exist yet: the factory must create it.
            var options = (sqlite ?? new SqliteStoreOptions()) with { Time = time ?? sqlite?.Time ?? TimeProvider.System };
            store = new TestStore(folder, new SqliteConnectionFactory(Path.Combine(folder, "db", "store.db"), options));
        }

        if (migrate)
        {
            await new StoreMigrator(store.Factory).MigrateAsync();
        }

        return store;
    }

    /// <summary>
    /// A migrated SQLite store whose file was made with <paramref name="pageSize"/>-byte pages, as a
    /// store made before issue 16 was (SQLite's default 4,096): the page size is fixed by the first
    /// page written, here before the store's own connections ever open the file.
    /// </summary>
    public static async Task<TestStore> CreateWithPageSizeAsync(int pageSize)
    {
        var store = await CreateAsync(migrate: false);
        Directory.CreateDirectory(Path.GetDirectoryName(store.Sqlite.Path)!);
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store.Sqlite.Path};Pooling=False"))
        {
            connection.Open();
            connection.Execute($"PRAGMA page_size = {pageSize}; PRAGMA journal_mode = WAL;");
        }

        await new StoreMigrator(store.Factory).MigrateAsync();
        return store;
    }

    /// <summary>A second SQLite factory on the same file, as another process would have.</summary>
    public SqliteConnectionFactory Open(SqliteStoreOptions? options = null) => new(Sqlite.Path, options);

    /// <summary>A second factory on the same store (its own pool), as another instance would have.</summary>
    public IDbConnectionFactory OpenAnother(TimeProvider? time = null)
    {
        IDbConnectionFactory factory = _connectionString is { } connectionString
            ? NewPostgres(connectionString, time)
            : new SqliteConnectionFactory(Sqlite.Path, new SqliteStoreOptions { Time = time ?? TimeProvider.System });
        _opened.Add(factory);
        return factory;
    }

    public string TempFolder(string name)
    {
        var path = Path.Combine(Folder, name);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>An unmigrated store brought to schema <paramref name="version"/> as that release left it, then <paramref name="rows"/> (SQL) written in.</summary>
    public Task AtVersionAsync(int version, string rows, object? parameters = null) =>
        Factory.WriteAsync(
            async (connection, transaction, token) =>
            {
                var dialect = Factory.Dialect;
                await connection.ExecuteAsync(new CommandDefinition(dialect.CreateMigrationsTableSql, transaction: transaction, cancellationToken: token));
                foreach (var migration in StoreMigrator.All.Where(m => m.Version <= version))
                {
                    await connection.ExecuteAsync(new CommandDefinition(migration.Script(dialect.Name), transaction: transaction, cancellationToken: token));
                    await connection.ExecuteAsync(new CommandDefinition(
                        """INSERT INTO "schema_migrations" ("version", "name", "applied_at") VALUES (@Version, @Name, 0)""",
                        new { migration.Version, migration.Name }, transaction, cancellationToken: token));
                }

                await connection.ExecuteAsync(new CommandDefinition(rows, parameters, transaction, cancellationToken: token));
            },
            CancellationToken.None);

    public Task<long> CountAsync(string table) =>
        Factory.ReadAsync((connection, ct) => connection.ExecuteScalarAsync<long>(new CommandDefinition($"""SELECT COUNT(*) FROM "{table}" """, cancellationToken: ct)));

    public Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null) =>
        Factory.ReadAsync<IReadOnlyList<T>>(async (connection, ct) =>
            (await connection.QueryAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: ct))).AsList());

    public async ValueTask DisposeAsync()
    {
        foreach (var factory in _opened)
        {
            switch (factory)
            {
                case SqliteConnectionFactory sqlite:
                    sqlite.ClearPool();
                    break;
                case IAsyncDisposable disposable:
                    await disposable.DisposeAsync();
                    break;
            }
        }

        if (_schema is not null)
        {
            await TestPostgres.DropSchemaAsync(_schema);
        }

        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    private static PostgresConnectionFactory NewPostgres(string connectionString, TimeProvider? time) =>
        new(connectionString, new PostgresStoreOptions { Time = time ?? TimeProvider.System });
}
