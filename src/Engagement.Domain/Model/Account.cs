namespace Engagement.Domain.Model;

/// <summary>A brand's presence on one network, identified by (network, handle); the handle is normalised.</summary>
public sealed record Account(string Brand, string Network, string Handle)
{
    public AccountKey Key => new(Network, Handle);
}

/// <summary>(network, normalised handle): how posts and snapshots find their account.</summary>
public readonly record struct AccountKey(string Network, string Handle);
