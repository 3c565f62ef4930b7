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
        if (args is not ["collect-child", var database, var baseUrl, ..] || args.Length > 5)
        {
            await Console.Error.WriteLineAsync("usage: collect-child <sqlite file> <fake api base url> [mastodon|x|facebook|instagram [minutes after the fixtures' start]]");
            return 2;
        }

        var network = args.Length >= 4 ? args[3] : "mastodon";
        var later = TimeSpan.FromMinutes(args.Length == 5 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 0);
        var settings = network switch
        {
            "x" => new Dictionary<string, string?> { ["Collectors:X:BaseUrl"] = baseUrl.TrimEnd('/') + "/2/", ["Collectors:X:BearerToken"] = XFake.Token },
            "facebook" or "instagram" => new Dictionary<string, string?> { [$"Collectors:{network}:BaseUrl"] = baseUrl.TrimEnd('/') + "/" + GraphFake.Version + "/" },
            _ => new Dictionary<string, string?> { ["Collectors:Mastodon:BaseUrl"] = baseUrl },
        };

        // The fixtures' clock, so the recorded posts are inside the backfill window.
        var time = new ManualTimeProvider(CollectorHarness.Start + later);
        var store = new SqlCollectorStore(new SqliteConnectionFactory(database));
        await using var harness = CollectorHarness.Create(settings: settings, store: store, time: time);
        var summary = await harness.Runner.RunOnceAsync(network);
        Console.WriteLine($"done inserted={summary.PostsInserted} failed={summary.Failed}");
        return summary.Failed == 0 ? 0 : 1;
    }
}
