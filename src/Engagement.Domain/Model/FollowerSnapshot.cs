namespace Engagement.Domain.Model;

/// <summary>Followers of (network, handle) observed on a UTC date; the handle is normalised.</summary>
public sealed record FollowerSnapshot(string Network, string Handle, DateOnly Date, long Followers);
