using System.Diagnostics;
using System.Text;

namespace Engagement.Service.Tests.Contract;

/// <summary>
/// The command-line tools of the contract tests (Redocly from npm, Kiota and NSwag as dotnet
/// tools), installed on first use into a cache folder that outlives the run
/// (<c>ENGAGEMENT_TOOL_CACHE</c>, else <c>~/.cache/engagement-tests</c>), at pinned versions.
/// </summary>
public static class Tools
{
    public const string RedoclyVersion = "2.77.0";
    public const string KiotaVersion = "1.38.0";
    public const string NSwagVersion = "14.8.0";

    private static readonly SemaphoreSlim Installing = new(1, 1);

    public static string Cache { get; } = Environment.GetEnvironmentVariable("ENGAGEMENT_TOOL_CACHE")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "engagement-tests");

    public static async Task<string> RedoclyAsync()
    {
        var folder = Path.Combine(Cache, $"redocly-{RedoclyVersion}");
        var bin = Path.Combine(folder, "node_modules", ".bin", "redocly");
        await InstallOnceAsync(bin, () => RunAsync("npm", ["install", "--prefix", folder, "--no-audit", "--no-fund", $"@redocly/cli@{RedoclyVersion}"], folder));
        return bin;
    }

    public static Task<string> KiotaAsync() => DotnetToolAsync("Microsoft.OpenApi.Kiota", KiotaVersion, "kiota");

    public static Task<string> NSwagAsync() => DotnetToolAsync("NSwag.ConsoleCore", NSwagVersion, "nswag");

    private static async Task<string> DotnetToolAsync(string package, string version, string command)
    {
        var folder = Path.Combine(Cache, $"{command}-{version}");
        var bin = Path.Combine(folder, command);
        await InstallOnceAsync(bin, () => RunAsync("dotnet", ["tool", "install", package, "--version", version, "--tool-path", folder], Cache));
        return bin;
    }

    private static async Task InstallOnceAsync(string bin, Func<Task<ProcessResult>> install)
    {
        await Installing.WaitAsync();
        try
        {
            if (!File.Exists(bin))
            {
                var result = await install();
                Assert.That(File.Exists(bin), Is.True, $"installing {bin} failed:\n{result.Output}");
            }
        }
        finally
        {
            Installing.Release();
        }
    }

    /// <summary>Runs a program to its end; its exit code and everything it printed.</summary>
    public static async Task<ProcessResult> RunAsync(
        string program, IEnumerable<string> args, string workingDirectory, IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        Directory.CreateDirectory(workingDirectory);
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return new ProcessResult(process.ExitCode, output.ToString());
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}

public sealed record ProcessResult(int ExitCode, string Output);
