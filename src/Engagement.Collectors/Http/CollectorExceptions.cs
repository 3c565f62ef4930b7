using System.Net;

namespace Engagement.Collectors.Http;

/// <summary>A network answered with an error the collector cannot retry its way out of.</summary>
public class CollectorHttpException(HttpStatusCode status, string url, string message)
    : Exception($"{(int)status} {status} from {url}: {message}")
{
    public HttpStatusCode Status { get; } = status;
}

/// <summary>
/// The tracked account does not exist (any more), is suspended, deactivated or moved: its status
/// says so and it is retried with backoff, in case it comes back or the handle is fixed.
/// </summary>
public sealed class AccountUnavailableException(string message) : Exception(message);

/// <summary>
/// The whole network is paused (YouTube's daily quota is spent) until <see cref="Until"/>:
/// no request of that network is sent before then.
/// </summary>
public sealed class NetworkPausedException(string network, DateTimeOffset until, string reason)
    : Exception($"{network} paused until {until:yyyy-MM-ddTHH:mm:ssZ}: {reason}")
{
    public string Network { get; } = network;

    public DateTimeOffset Until { get; } = until;
}

/// <summary>
/// The network refused the configured credentials (an expired or revoked token, an app without
/// access): every account of the network would fail the same way, so the network stops for the
/// rest of the pass instead of retrying, and its accounts say why.
/// </summary>
public sealed class NetworkUnauthorizedException(string network, string reason)
    : Exception($"{network} refused the credentials: {reason}")
{
    public string Network { get; } = network;

    public string Reason { get; } = reason;
}
