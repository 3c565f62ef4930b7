using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace Engagement.Service.Tests.Browser;

/// <summary>
/// <c>engagement serve --demo</c> run for real as a child process on a free loopback port: its
/// banner gives the URL, the admin key and the demo store; <see cref="StopAsync"/> sends SIGTERM
/// as a service manager would.
/// </summary>
public sealed partial class ServeProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    private ServeProcess(Process process) => _process = process;

    public string Url { get; private set; } = "";

    public string AdminKey { get; private set; } = "";

    public string StorePath { get; private set; } = "";

    /// <summary>Everything the process printed so far (for failure messages).</summary>
    public List<string> Output { get; } = [];

    /// <param name="environment">More settings for the process, e.g. <c>Collectors__Mastodon__BaseUrl</c> (a fake network).</param>
    public static async Task<ServeProcess> StartDemoAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "engagement.dll"), "serve", "--demo", "--urls", "http://127.0.0.1:0" })
        {
            start.ArgumentList.Add(arg);
        }

        var serve = new ServeProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start engagement serve"));
        serve._process.OutputDataReceived += (_, e) => serve.Receive(e.Data);
        serve._process.ErrorDataReceived += (_, e) => serve.Receive(e.Data);
        serve._process.BeginOutputReadLine();
        serve._process.BeginErrorReadLine();
        await serve.ReadBannerAsync();
        return serve;
    }

    /// <summary>SIGTERM, then the exit code once the host has shut down gracefully.</summary>
    public async Task<int> StopAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill!.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Receive(string? line)
    {
        if (line is not null)
        {
            lock (Output)
            {
                Output.Add(line);
            }

            _lines.Writer.TryWrite(line);
        }
    }

    private async Task ReadBannerAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            while (AdminKey.Length == 0)
            {
                var line = await _lines.Reader.ReadAsync(timeout.Token);
                if (Listening().Match(line) is { Success: true } listening)
                {
                    Url = listening.Groups["url"].Value.TrimEnd('/');
                    StorePath = listening.Groups["store"].Value;
                }
                else if (Key().Match(line) is { Success: true } key)
                {
                    AdminKey = key.Groups["key"].Value;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"serve --demo printed no URL and key within {StartTimeout}:\n{string.Join('\n', Output)}");
        }
    }

    [GeneratedRegex(@"listening on (?<url>http://127\.0\.0\.1:\d+)\S* \(store: (?<store>[^)]+)\)")]
    private static partial Regex Listening();

    [GeneratedRegex(@"Admin API key \(shown once\): (?<key>\S+)")]
    private static partial Regex Key();
}
