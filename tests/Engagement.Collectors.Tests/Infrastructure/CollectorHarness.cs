using Engagement.Collectors.Engine;
using Engagement.Collectors.Status;
using Engagement.Collectors.Storage;
using Engagement.Domain.Model;
using Engagement.Domain.Scoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Engagement.Collectors.Tests.Infrastructure;

/// <summary>
/// The collectors as the service hosts them (AddCollectors), on a fake clock, a chosen store and
/// fake APIs. The host is built, not started: tests drive <see cref="Runner"/> unless they start it.
/// </summary>
public sealed class CollectorHarness : IAsyncDisposable
{
    /// <summary>The fixtures are dated around this instant.</summary>
    public static readonly DateTimeOffset Start = new(2025, 3, 20, 12, 0, 0, TimeSpan.Zero);

    private CollectorHarness(IHost host, ManualTimeProvider time, ICollectorStore store)
    {
        Host = host;
        Time = time;
        Store = store;
    }

    public IHost Host { get; }

    public ManualTimeProvider Time { get; }

    public ICollectorStore Store { get; }

    public InMemoryCollectorStore Memory => (InMemoryCollectorStore)Store;

    public CollectorRunner Runner => Host.Services.GetRequiredService<CollectorRunner>();

    public CollectorStatusQuery Status => Host.Services.GetRequiredService<CollectorStatusQuery>();

    public static CollectorHarness Create(
        FakeApi? mastodon = null,
        FakeApi? bluesky = null,
        FakeApi? youTube = null,
        FakeApi? facebook = null,
        FakeApi? instagram = null,
        IDictionary<string, string?>? settings = null,
        ICollectorStore? store = null,
        ManualTimeProvider? time = null,
        Engagement.Data.Store.IDbConnectionFactory? database = null,
        Action<IServiceCollection>? services = null)
    {
        // Configuration keys are case-insensitive: a setting overrides a default however it is spelt.
        var config = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Collectors:Mastodon:BaseUrl"] = mastodon?.Root.ToString() ?? "http://127.0.0.1:9/",
            ["Collectors:Bluesky:BaseUrl"] = bluesky is null ? "http://127.0.0.1:9/xrpc/" : new Uri(bluesky.Root, "xrpc/").ToString(),
            ["Collectors:YouTube:BaseUrl"] = youTube is null ? "http://127.0.0.1:9/youtube/v3/" : new Uri(youTube.Root, "youtube/v3/").ToString(),
            ["Collectors:YouTube:ApiKey"] = "test-api-key",
            ["Collectors:Facebook:BaseUrl"] = facebook is null ? "http://127.0.0.1:9/v25.0" : GraphFake.Root(facebook).ToString(),
            ["Collectors:Facebook:AccessToken"] = FacebookFake.Token,
            ["Collectors:Instagram:BaseUrl"] = instagram is null ? "http://127.0.0.1:9/v25.0" : GraphFake.Root(instagram).ToString(),
            ["Collectors:Instagram:AccessToken"] = InstagramFake.Token,
            ["Collectors:Instagram:UserId"] = InstagramFake.UserId,
            ["Collectors:X:BaseUrl"] = "http://127.0.0.1:9/2/",
            ["Collectors:X:BearerToken"] = XFake.Token,
            // The fakes listen on loopback, which the collectors refuse unless allowed.
            ["Collectors:Outbound:AllowedRanges:0"] = "127.0.0.0/8",
            ["Collectors:Outbound:AllowedRanges:1"] = "::1",
        };
        // The fake clock jumps over waits (backoffs, rate-limit resets) without the heartbeat
        // beating in between: leases last a day here unless a test sets them.
        foreach (var network in new[] { "Mastodon", "Bluesky", "YouTube", "Facebook", "Instagram", "X" })
        {
            config[$"Collectors:{network}:LeaseDuration"] = "1.00:00:00";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        var clock = time ?? new ManualTimeProvider(Start);
        var collectorStore = store ?? new InMemoryCollectorStore(clock);
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(config);
        builder.Services.AddLogging();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton(collectorStore);
        if (database is not null)
        {
            // The store the request budgets are shared through, as the service registers it (AddStore).
            builder.Services.AddSingleton(database);
        }

        services?.Invoke(builder.Services);
        builder.AddCollectors();
        return new CollectorHarness(builder.Build(), clock, collectorStore);
    }

    public void Track(string brand, string network, string handle) => Memory.AddAccount(new Account(brand, network, handle));

    public async Task<CollectorAccountState?> StateAsync(string network, string handle) => await Store.GetStateAsync(network, handle, CancellationToken.None);

    /// <summary>The account's measures over a window, computed by the scoring engine from what was stored.</summary>
    public AccountMeasures Measure(Account account, DateOnly from, DateOnly to)
    {
        var index = ActivityIndex.Build([account], Memory.Posts, Memory.Followers);
        return AccountMeasurer.Measure(index.Find(account.Key)!, new ReportWindow(from, to), SufficiencySettings.Default);
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        else
        {
            Host.Dispose();
        }
    }
}
