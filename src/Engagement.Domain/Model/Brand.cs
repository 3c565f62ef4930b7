namespace Engagement.Domain.Model;

/// <summary>A brand: id (1-64 chars of a-z 0-9 - _), display name, optional industry id.</summary>
public sealed record Brand(string Id, string Name, string? Industry);
