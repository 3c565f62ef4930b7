namespace Engagement.Domain.Model;

/// <summary>A brand, peer set or other named thing that does not exist.</summary>
public sealed class NotFoundException(string message) : DomainException(message);
