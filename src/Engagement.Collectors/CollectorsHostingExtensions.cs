using Engagement.Domain.Model;
using Engagement.Collectors.Bluesky;
using Engagement.Collectors.Engine;
using Engagement.Collectors.Facebook;
using Engagement.Collectors.Http;
using Engagement.Collectors.Instagram;
using Engagement.Collectors.Mastodon;
using Engagement.Collectors.Options;
using Engagement.Collectors.Status;
using Engagement.Collectors.Storage;
using Engagement.Collectors.X;
using Engagement.Collectors.YouTube;
using Engagement.Data.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Engagement.Collectors;

public static class CollectorsHostingExtensions
{
    private const string UserAgent = "engagement-collector/1.0 (self-hosted engagement analytics)";

    /// <summary>
    /// Registers the collectors: options (<c>Collectors:Mastodon|Bluesky|YouTube|Facebook|Instagram|X</c>), the typed
    /// clients with their resilience handler, <see cref="CollectorRunner"/>,
    /// <see cref="CollectorStatusQuery"/> and one background worker per network. Uses the
    /// <see cref="TimeProvider"/> and <see cref="ICollectorStore"/> registered before, else the
    /// system clock and <see cref="SqlCollectorStore"/> over the registered <see cref="IDbConnectionFactory"/>.
    /// </summary>
    public static IHostApplicationBuilder AddCollectors(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        AddOptions<MastodonCollectorOptions>(services, MastodonCollectorOptions.Section);
        AddOptions<BlueskyCollectorOptions>(services, BlueskyCollectorOptions.Section);
        AddOptions<YouTubeCollectorOptions>(services, YouTubeCollectorOptions.Section);
        AddOptions<FacebookCollectorOptions>(services, FacebookCollectorOptions.SectionName);
        AddOptions<InstagramCollectorOptions>(services, InstagramCollectorOptions.SectionName);
        AddOptions<XCollectorOptions>(services, XCollectorOptions.Section);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new FieldRules(new FieldLimits(), sp.GetRequiredService<TimeProvider>()));
        services.AddOptions<OutboundOptions>().BindConfiguration(OutboundOptions.Section);
        services.TryAddSingleton(sp => new PublicAddressGuard(sp.GetRequiredService<IOptions<OutboundOptions>>().Value));
        // Every HTTP client of the process connects through the guard, whichever collector made it.
        services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
        {
            ConnectCallback = sp.GetRequiredService<PublicAddressGuard>().ConnectAsync,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        }));
        services.TryAddSingleton<ICollectorStore>(sp => sp.GetService<IDbConnectionFactory>() is { } factory
            ? new SqlCollectorStore(factory)
            : throw new InvalidOperationException("the collectors need the store (AddStore) or an ICollectorStore registered before AddCollectors"));
        services.TryAddSingleton<NetworkGates>();
        // One lease owner per process: every network's passes claim accounts under it.
        services.TryAddSingleton(_ => CollectorLeaseOwner.New());

        AddClient<MastodonClient>(services, CollectorNetworks.Mastodon);
        AddClient<BlueskyClient>(services, CollectorNetworks.Bluesky);
        AddClient<YouTubeClient>(services, CollectorNetworks.YouTube);
        AddClient<FacebookClient>(services, CollectorNetworks.Facebook);
        AddClient<InstagramClient>(services, CollectorNetworks.Instagram);
        AddClient<XClient>(services, CollectorNetworks.X);
        services.TryAddSingleton<InstagramOwnUser>();
        services.TryAddKeyedTransient<INetworkCollector, MastodonCollector>(CollectorNetworks.Mastodon);
        services.TryAddKeyedTransient<INetworkCollector, BlueskyCollector>(CollectorNetworks.Bluesky);
        services.TryAddKeyedTransient<INetworkCollector, YouTubeCollector>(CollectorNetworks.YouTube);
        services.TryAddKeyedTransient<INetworkCollector, FacebookCollector>(CollectorNetworks.Facebook);
        services.TryAddKeyedTransient<INetworkCollector, InstagramCollector>(CollectorNetworks.Instagram);
        services.TryAddKeyedTransient<INetworkCollector, XCollector>(CollectorNetworks.X);

        services.TryAddSingleton<CollectorEngine>();
        services.TryAddSingleton(sp => new CollectorRunner(sp.GetRequiredService<CollectorEngine>(), sp.GetRequiredService<NetworkGates>()));
        services.TryAddSingleton(sp => new CollectorStatusQuery(sp.GetRequiredService<ICollectorStore>(), sp.GetRequiredService<NetworkGates>()));
        services.TryAddSingleton(sp => new AccountProbe(sp, sp.GetRequiredService<NetworkGates>()));

        services.AddHostedService<MastodonCollectorService>();
        services.AddHostedService<BlueskyCollectorService>();
        services.AddHostedService<YouTubeCollectorService>();
        services.AddHostedService<FacebookCollectorService>();
        services.AddHostedService<InstagramCollectorService>();
        services.AddHostedService<XCollectorService>();
        return builder;
    }

    private static void AddOptions<T>(IServiceCollection services, string section)
        where T : NetworkCollectorOptions
    {
        services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new NetworkOptionsValidator<T>(section));
    }

    private static void AddClient<TClient>(IServiceCollection services, string network)
        where TClient : class =>
        services.AddHttpClient<TClient>(client =>
            {
                // Retries, rate-limit waits and per-attempt timeouts live in the handler; a whole-call
                // timeout here would cut a legitimate wait for a rate-limit reset.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
                client.DefaultRequestHeaders.Accept.ParseAdd("application/json");
            })
            .AddHttpMessageHandler(sp => new CollectorHttpHandler(sp.GetRequiredService<NetworkGates>()[network]));
}
