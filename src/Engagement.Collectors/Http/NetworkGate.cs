using System.Collections.Concurrent;
using Engagement.Collectors.Options;
using Engagement.Data.Store;
using Engagement.Data.Store.Repositories;
using Polly;

namespace Engagement.Collectors.Http;

/// <summary>
/// The shared state of one network's HTTP traffic, alive for the whole process (handlers come
/// and go with the HTTP client factory): a lane per limit domain, and the network-wide pause.
/// With <paramref name="shared"/> (the store), each lane's budget is also shared with every other
/// process of the store (<see cref="SharedRequestBudget"/>).
/// </summary>
internal sealed class NetworkGate(NetworkPolicy policy, NetworkCollectorOptions options, TimeProvider time, RequestBudgetRepository? shared = null)
{
    private readonly ConcurrentDictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly Lock _pauseLock = new();
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private string? _pauseReason;
    private NetworkUnauthorizedException? _refused;

    public NetworkPolicy Policy { get; } = policy;

    public NetworkCollectorOptions Options { get; } = options;

    public TimeProvider Time { get; } = time;

    public string Network => Policy.Network;

    /// <summary>The end of the current pause, or null when the network is open.</summary>
    public DateTimeOffset? PausedUntil
    {
        get
        {
            lock (_pauseLock)
            {
                return _pausedUntil > Time.GetUtcNow() ? _pausedUntil : null;
            }
        }
    }

    public void Pause(DateTimeOffset until, string reason)
    {
        lock (_pauseLock)
        {
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
                _pauseReason = reason;
            }
        }
    }

    public void ThrowIfPaused()
    {
        lock (_pauseLock)
        {
            if (_pausedUntil > Time.GetUtcNow())
            {
                throw new NetworkPausedException(Network, _pausedUntil, _pauseReason ?? "paused");
            }
        }
    }

    /// <summary>The credentials were refused: the other accounts of the pass fail at once, without a request.</summary>
    public void Refuse(NetworkUnauthorizedException refused) => Interlocked.CompareExchange(ref _refused, refused, null);

    /// <summary>A new pass tries the credentials again (once: the first refusal stops it).</summary>
    public void ClearRefusal() => Interlocked.Exchange(ref _refused, null);

    public void ThrowIfRefused()
    {
        if (Volatile.Read(ref _refused) is { } refused)
        {
            throw new NetworkUnauthorizedException(refused.Network, refused.Reason);
        }
    }

    public Lane GetLane(string key) => _lanes.GetOrAdd(key, _ => new Lane(
        Budget(key),
        ResiliencePipelines.Retry(Policy, Options, Time),
        ResiliencePipelines.Attempt(Options, Time)));

    private IRequestBudget Budget(string lane)
    {
        var local = Policy.CreateBudget(Options, Time, lane);
        return shared is null ? local : new SharedRequestBudget(local, shared, this, lane);
    }
}

/// <summary>One limit domain: its budget, its retry policy and its circuit breaker (inside <see cref="Attempt"/>).</summary>
internal sealed record Lane(
    IRequestBudget Budget,
    ResiliencePipeline<HttpResponseMessage> Retry,
    ResiliencePipeline<HttpResponseMessage> Attempt);

/// <summary>The gates of all networks, one singleton per process.</summary>
internal sealed class NetworkGates
{
    private readonly Dictionary<string, NetworkGate> _gates;

    public NetworkGates(
        Microsoft.Extensions.Options.IOptions<MastodonCollectorOptions> mastodon,
        Microsoft.Extensions.Options.IOptions<BlueskyCollectorOptions> bluesky,
        Microsoft.Extensions.Options.IOptions<YouTubeCollectorOptions> youTube,
        Microsoft.Extensions.Options.IOptions<FacebookCollectorOptions> facebook,
        Microsoft.Extensions.Options.IOptions<InstagramCollectorOptions> instagram,
        Microsoft.Extensions.Options.IOptions<XCollectorOptions> x,
        TimeProvider time,
        IDbConnectionFactory? store = null)
    {
        // Without a store (a host over an in-memory collector store) the budgets are the process's alone.
        var shared = store is null ? null : new RequestBudgetRepository(store);
        _gates = new(StringComparer.Ordinal)
        {
            [CollectorNetworks.Mastodon] = new(new MastodonPolicy(), mastodon.Value, time, shared),
            [CollectorNetworks.Bluesky] = new(new BlueskyPolicy(), bluesky.Value, time, shared),
            [CollectorNetworks.YouTube] = new(new YouTubePolicy(), youTube.Value, time, shared),
            [CollectorNetworks.Facebook] = new(new GraphPolicy(CollectorNetworks.Facebook, facebook.Value), facebook.Value, time, shared),
            [CollectorNetworks.Instagram] = new(new GraphPolicy(CollectorNetworks.Instagram, instagram.Value), instagram.Value, time, shared),
            [CollectorNetworks.X] = new(new XPolicy(), x.Value, time, shared),
        };
    }

    public NetworkGate this[string network] => _gates[network];
}
