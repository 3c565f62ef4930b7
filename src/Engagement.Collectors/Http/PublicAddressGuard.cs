using System.Net;
using System.Net.Sockets;

namespace Engagement.Collectors.Http;

/// <summary>Address ranges the collectors may reach although they are not public (section <c>Collectors:Outbound</c>).</summary>
public sealed class OutboundOptions
{
    public const string Section = "Collectors:Outbound";

    /// <summary>CIDR ranges, e.g. <c>10.20.0.0/16</c> or <c>::1/128</c>; a single address is its own range. Default none.</summary>
    public List<string> AllowedRanges { get; set; } = [];
}

/// <summary>
/// The connect step of every collector's HTTP client: the host is resolved here and the connection
/// goes only to a public address, so an account such as <c>probe@127.0.0.1:5397</c> or a redirect
/// to a metadata service cannot make the service reach its own network. Loopback, private,
/// link-local, carrier-grade NAT, multicast, reserved and metadata ranges are refused unless
/// <see cref="OutboundOptions.AllowedRanges"/> names them. The refusal says nothing of the address.
/// </summary>
public sealed class PublicAddressGuard
{
    public const string RefusedMessage = "refused: the network's server is not at a public address (Collectors:Outbound:AllowedRanges)";

    private static readonly IPNetwork[] NotPublic =
    [
        .. new[]
        {
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
            "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4",
            "240.0.0.0/4", "::/128", "::1/128", "64:ff9b:1::/48", "100::/64", "2001:db8::/32", "fc00::/7", "fe80::/10", "ff00::/8",
        }.Select(IPNetwork.Parse),
    ];

    private readonly IPNetwork[] _allowed;

    public PublicAddressGuard(OutboundOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _allowed = [.. options.AllowedRanges.Where(r => !string.IsNullOrWhiteSpace(r)).Select(ParseRange)];
    }

    /// <summary>Whether a connection to <paramref name="address"/> may be made.</summary>
    public bool IsPermitted(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address: judge that one.
        var bytes = plain.GetAddressBytes();
        if (plain.AddressFamily == AddressFamily.InterNetworkV6 && bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b)
        {
            plain = new IPAddress(bytes.AsSpan(12, 4));
        }
        else if (plain.AddressFamily == AddressFamily.InterNetworkV6 && bytes[0] == 0x20 && bytes[1] == 0x02)
        {
            plain = new IPAddress(bytes.AsSpan(2, 4));
        }

        return _allowed.Any(range => range.Contains(plain) || range.Contains(address))
            || !NotPublic.Any(range => range.Contains(plain));
    }

    /// <summary>For <see cref="SocketsHttpHandler.ConnectCallback"/>: resolve, keep the permitted addresses, connect to one.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = context.DnsEndPoint;
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(endpoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endpoint.Host, ct);
        }
        catch (SocketException)
        {
            throw new HttpRequestException(HttpRequestError.NameResolutionError, "the network's server name could not be resolved");
        }

        var permitted = addresses.Where(IsPermitted).ToArray();
        if (permitted.Length == 0)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, RefusedMessage);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(permitted, endpoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (SocketException)
        {
            socket.Dispose();
            throw new HttpRequestException(HttpRequestError.ConnectionError, "could not connect to the network's server");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static IPNetwork ParseRange(string text)
    {
        var trimmed = text.Trim();
        if (IPNetwork.TryParse(trimmed, out var range))
        {
            return range;
        }

        return IPAddress.TryParse(trimmed, out var single)
            ? new IPNetwork(single, single.AddressFamily == AddressFamily.InterNetwork ? 32 : 128)
            : throw new FormatException($"Collectors:Outbound:AllowedRanges: '{text}' is not an address or CIDR range");
    }
}
