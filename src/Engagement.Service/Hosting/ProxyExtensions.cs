using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Engagement.Service.Hosting;

/// <summary>
/// The TLS proxy in front of the service (section <c>ForwardedHeaders</c>): requests from a known
/// proxy are taken at their <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>, so the sign-in
/// cookie is <c>Secure</c> when the browser spoke HTTPS to the proxy. Anyone else's forwarded
/// headers are ignored.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Addresses of the proxies to trust, e.g. <c>10.0.0.5</c>. Default: loopback only.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of proxies to trust, in CIDR, e.g. <c>10.0.0.0/24</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];
}

public static class ProxyExtensions
{
    public static IHostApplicationBuilder AddProxySupport(this IHostApplicationBuilder builder)
    {
        var proxies = builder.Configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new ProxyOptions();
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies.KnownProxies.Where(p => !string.IsNullOrWhiteSpace(p)))
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy.Trim()));
            }

            foreach (var network in proxies.KnownNetworks.Where(n => !string.IsNullOrWhiteSpace(n)))
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network.Trim()));
            }
        });
        return builder;
    }
}
