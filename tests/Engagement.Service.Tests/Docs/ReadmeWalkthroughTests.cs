using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Engagement.Service.Tests.Docs;

/// <summary>
/// The README's command-line walkthrough, run as written (bash, from the root of a fresh copy of
/// the repository, through <c>dotnet run</c>): every line succeeds, and the paths it names —
/// <c>samples/...</c>, <c>out/</c>, the default store <c>./data/engagement.db</c> — are the user's
/// folder, not the project's.
/// </summary>
[Category("Walkthrough")]
public sealed partial class ReadmeWalkthroughTests
{
    [Test]
    [CancelAfter(15 * 60 * 1000)]
    public async Task The_command_line_lines_run_as_written_from_the_repository_root(CancellationToken ct)
    {
        var lines = Walkthrough(await File.ReadAllTextAsync(Path.Combine(Repository.Root, "README.md"), ct));
        Assert.That(lines, Has.Some.Contains("import samples/"), "the README shows the import of the samples");

        var copy = Directory.CreateTempSubdirectory("engagement-readme-").FullName;
        try
        {
            Repository.CopyTo(copy);
            var (code, output) = await BashAsync(copy, "set -euo pipefail\n" + string.Join('\n', lines), ct);
            Assert.That(code, Is.Zero, output);
            Assert.That(File.Exists(Path.Combine(copy, "data", "engagement.db")), Is.True, "the default store is ./data/engagement.db where the user runs the verb\n" + output);
            Assert.That(Directory.Exists(Path.Combine(copy, "src", "Engagement.Service", "data")), Is.False, "nothing lands inside src/");
            Assert.That(File.Exists(Path.Combine(copy, "out", "posts.csv")), Is.True, "export out/ writes into the user's folder\n" + output);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    /// <summary>The shell lines of the README's "Use it from the command line" block.</summary>
    private static List<string> Walkthrough(string readme)
    {
        var section = readme[readme.IndexOf("## Use it from the command line", StringComparison.Ordinal)..];
        var block = ShellBlock().Match(section);
        Assert.That(block.Success, Is.True, "the command-line section has a ```sh block");
        return block.Groups[1].Value.Split('\n').Where(line => line.Trim().Length > 0).ToList();
    }

    private static async Task<(int Code, string Output)> BashAsync(string folder, string script, CancellationToken ct)
    {
        var start = new ProcessStartInfo("bash", ["-c", script])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // The build the lines trigger leaves no MSBuild node or build server behind.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_DO_NOT_USE_MSBUILD_SERVER"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex("```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();
}
