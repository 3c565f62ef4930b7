using Engagement.Collectors.Tests.Infrastructure;

namespace Engagement.Service.Tests.Cli;

/// <summary>
/// The recorded accounts of all six networks on their Kestrel fakes, one clock, and collector
/// settings with limits tighter than one pass needs, so the collectors must wait for their windows.
/// </summary>
internal sealed class SixNetworkFakes : IAsyncDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private readonly FakeApi[] _all;

    private SixNetworkFakes(FakeApi mastodon, FakeApi bluesky, FakeApi youTube, FakeApi facebook, FakeApi instagram, FakeApi x)
    {
        _all = [mastodon, bluesky, youTube, facebook, instagram, x];
        // Each lane: its requests, and the limit configured for it (a pass needs more than that).
        Lanes =
        [
            new("mastodon (the instance)", mastodon, _ => true, 4, Window, "Mastodon:RateLimit"),
            new("bluesky", bluesky, _ => true, 3, Window, "Bluesky:RateLimit"),
            new("youtube (quota units a day, the default)", youTube, _ => true, 10_000, TimeSpan.FromDays(1), null),
            new("facebook", facebook, _ => true, 5, Window, "Facebook:RateLimit"),
            new("instagram", instagram, _ => true, 6, Window, "Instagram:RateLimit"),
            new("x users lookup", x, r => r.Path.StartsWith("/2/users/by/username/", StringComparison.Ordinal), 1, Window, "X:RateLimit"),
            new("x posts", x, r => r.Path.EndsWith("/tweets", StringComparison.Ordinal), 1, Window, "X:TweetsRateLimit"),
            new("x mentions", x, r => r.Path.EndsWith("/mentions", StringComparison.Ordinal), 1, Window, "X:MentionsRateLimit"),
        ];
    }

    public IReadOnlyList<Lane> Lanes { get; }

    public static async Task<SixNetworkFakes> StartAsync(ManualTimeProvider time) => new(
        (await FakeApi.StartAsync(time)).ServeMastodonAcme(time),
        (await FakeApi.StartAsync(time)).ServeBlueskyAcme(time),
        (await FakeApi.StartAsync(time)).ServeYouTubeAcme(),
        (await FakeApi.StartAsync(time)).ServeFacebookAcme(),
        (await FakeApi.StartAsync(time)).ServeInstagramAcme(),
        (await FakeApi.StartAsync(time)).ServeXAcme(time));

    public Dictionary<string, string?> Settings()
    {
        var (mastodon, bluesky, youTube, facebook, instagram, x) = (_all[0], _all[1], _all[2], _all[3], _all[4], _all[5]);
        var settings = XFake.Settings(x);
        settings["Collectors:Mastodon:BaseUrl"] = mastodon.Root.ToString();
        settings["Collectors:Bluesky:BaseUrl"] = new Uri(bluesky.Root, "xrpc/").ToString();
        settings["Collectors:YouTube:BaseUrl"] = new Uri(youTube.Root, "youtube/v3/").ToString();
        settings["Collectors:YouTube:ApiKey"] = "test-api-key";
        settings["Collectors:Facebook:BaseUrl"] = GraphFake.Root(facebook).ToString();
        settings["Collectors:Facebook:AccessToken"] = FacebookFake.Token;
        settings["Collectors:Instagram:BaseUrl"] = GraphFake.Root(instagram).ToString();
        settings["Collectors:Instagram:AccessToken"] = InstagramFake.Token;
        settings["Collectors:Instagram:UserId"] = InstagramFake.UserId;
        // The fakes listen on loopback, which the collectors refuse unless allowed (issue 12).
        settings["Collectors:Outbound:AllowedRanges:0"] = "127.0.0.0/8";
        foreach (var lane in Lanes.Where(l => l.Key is not null))
        {
            settings["Collectors:" + lane.Key] = lane.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var network in new[] { "Mastodon", "Bluesky", "Facebook", "Instagram", "X" })
        {
            settings[$"Collectors:{network}:RateLimitWindow"] = Window.ToString();
        }

        // The fake clock jumps over the limit waits without the lease heartbeat (a periodic timer)
        // beating in between: leases last a day here, as in CollectorHarness.
        foreach (var network in new[] { "Mastodon", "Bluesky", "YouTube", "Facebook", "Instagram", "X" })
        {
            settings[$"Collectors:{network}:LeaseDuration"] = "1.00:00:00";
        }

        return settings;
    }

    /// <summary>Every window in which a lane's fake received more requests than its configured limit.</summary>
    public List<string> LimitViolations()
    {
        var violations = new List<string>();
        foreach (var lane in Lanes)
        {
            var times = lane.Api.Requests.Where(lane.Counts).Select(r => r.At).Order().ToList();
            for (var i = 0; i < times.Count; i++)
            {
                var inWindow = times.Skip(i).TakeWhile(t => t < times[i] + lane.Window).Count();
                if (inWindow > lane.Limit)
                {
                    violations.Add($"{lane.Name}: {inWindow} requests from {times[i]:O} within {lane.Window}, limit {lane.Limit}");
                }
            }
        }

        return violations;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var api in _all)
        {
            await api.DisposeAsync();
        }
    }

    /// <summary>
    /// A rate-limit lane: the requests of <paramref name="Api"/> it counts, at most <paramref name="Limit"/>
    /// per <paramref name="Window"/>, configured as Collectors:<paramref name="Key"/> (null: the default).
    /// </summary>
    internal sealed record Lane(string Name, FakeApi Api, Func<Received, bool> Counts, int Limit, TimeSpan Window, string? Key);
}
