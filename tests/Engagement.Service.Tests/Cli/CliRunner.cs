using Engagement.Service.Cli;

namespace Engagement.Service.Tests.Cli;

/// <summary>Runs the <c>engagement</c> verbs in-process against a database file of its own.</summary>
internal sealed class CliRunner : IDisposable
{
    public CliRunner()
    {
        Folder = Path.Combine(Path.GetTempPath(), "engagement-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        Database = Path.Combine(Folder, "store.db");
    }

    public string Folder { get; }

    public string Database { get; }

    public static string Vector(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "vectors", name);

    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await EngagementCli.RunAsync([.. args, "--db", Database], new CliContext(output, error, interactive: false));
        return new CliResult(code, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}

internal sealed record CliResult(int Code, string Output, string Error)
{
    public override string ToString() => $"exit {Code}\n{Output}\n{Error}";
}
