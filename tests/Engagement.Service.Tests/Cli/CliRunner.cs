using Engagement.Service.Cli;
using Engagement.Service.Tests.Postgres;

namespace Engagement.Service.Tests.Cli;

/// <summary>
/// Runs the <c>engagement</c> verbs in-process against a store of its own: a database file, or
/// (<paramref name="provider"/> postgres) a PostgreSQL schema passed as <c>--db</c> connection string.
/// </summary>
internal sealed class CliRunner : IDisposable
{
    private readonly string? _schema;

    public CliRunner(string provider = StoreProviders.Sqlite)
    {
        Folder = Path.Combine(Path.GetTempPath(), "engagement-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        if (provider == StoreProviders.Postgres)
        {
            _schema = "cli_" + Guid.NewGuid().ToString("N");
            Database = StoreProviders.CreateSchema(_schema);
        }
        else
        {
            Database = Path.Combine(Folder, "store.db");
        }
    }

    public string Folder { get; }

    public string Database { get; }

    /// <summary>The verbs' clock (collect): the system's unless a test fixes it.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Configuration laid over the host's, e.g. collector endpoints on fakes.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    public static string Vector(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "vectors", name);

    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await EngagementCli.RunAsync([.. args, "--db", Database], new CliContext(output, error, interactive: false) { Time = Time, Settings = Settings });
        return new CliResult(code, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_schema is not null)
        {
            StoreProviders.DropSchema(_schema);
        }

        Directory.Delete(Folder, recursive: true);
    }
}

internal sealed record CliResult(int Code, string Output, string Error)
{
    public override string ToString() => $"exit {Code}\n{Output}\n{Error}";
}
