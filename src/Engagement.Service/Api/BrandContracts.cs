using System.ComponentModel;

namespace Engagement.Service.Api;

[Description("A brand to create or replace.")]
public sealed record BrandRequest(
    [property: Description("Brand id: 1-64 characters of a-z 0-9 - _.")] string Id,
    [property: Description("Display name.")] string Name,
    [property: Description("Industry id (a-z 0-9 - _), or null; used by the industry benchmark.")] string? Industry = null);

[Description("A brand with its accounts.")]
public sealed record BrandResponse(
    [property: Description("Brand id.")] string Id,
    [property: Description("Display name.")] string Name,
    [property: Description("Industry id, or null.")] string? Industry,
    [property: Description("The brand's accounts, one per network at most.")] IReadOnlyList<AccountResponse> Accounts);

[Description("A brand's account on one network.")]
public sealed record AccountResponse(
    [property: Description("Network id, e.g. mastodon, bluesky, youtube.")] string Network,
    [property: Description("Normalised handle (lower case, no leading @).")] string Handle,
    [property: Description("True when the collectors fetch this network; false when its data comes from imported CSV files only.")] bool Collected)
{
    public static AccountResponse Of(string network, string handle) => new(network, handle, Engagement.Collectors.CollectorNetworks.IsCollected(network));
}

[Description("An account and the brand it belongs to.")]
public sealed record BrandAccountResponse(
    [property: Description("Brand id.")] string Brand,
    [property: Description("Network id, e.g. mastodon, bluesky, youtube.")] string Network,
    [property: Description("Normalised handle (lower case, no leading @).")] string Handle);

[Description("The account of a brand on a network.")]
public sealed record AccountRequest(
    [property: Description("The handle on the network, e.g. pixelnord@mastodon.quebec; a leading @ and upper case are normalised away.")] string Handle);

[Description("The brands of a peer set.")]
public sealed record PeerSetRequest(
    [property: Description("Brand ids; each must exist.")] IReadOnlyList<string> Brands);

[Description("A named set of brands to benchmark against (benchmark=peers:NAME).")]
public sealed record PeerSetResponse(
    [property: Description("Peer set name.")] string Name,
    [property: Description("Brand ids, sorted.")] IReadOnlyList<string> Brands);
