using Engagement.Collectors.Storage;
using Engagement.Collectors.Tests.Infrastructure;
using Engagement.Data.Store;

namespace Engagement.Collectors.Tests;

/// <summary>
/// The test assembly doubles as a collector process (<c>dotnet Engagement.Collectors.Tests.dll
/// collect-child DB URL [NETWORK]</c>), so a test can kill a real process in the middle of a run.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is not ["collect-child", var database, var baseUrl, ..] || args.Length > 4)
        {
            await Console.Error.WriteLineAsync("usage: collect-child <sqlite file> <base url> [network, default mastodon]");
            return 2;
        }

        var network = args.Length == 4 ? args[3] : "mastodon";

        // The fixtures' clock, so the recorded posts are inside the backfill window.
        var time = new ManualTimeProvider(CollectorHarness.Start);
        var store = new SqlCollectorStore(new SqliteConnectionFactory(database));
        await using var harness = CollectorHarness.Create(
            settings: new Dictionary<string, string?> { [$"Collectors:{network}:BaseUrl"] = baseUrl },
            store: store,
            time: time);
        var summary = await harness.Runner.RunOnceAsync(network);
        Console.WriteLine($"done inserted={summary.PostsInserted} failed={summary.Failed}");
        return summary.Failed == 0 ? 0 : 1;
    }
}
