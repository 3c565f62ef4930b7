using Engagement.Domain.Model;

namespace Engagement.Service.Api;

/// <summary>The key's role or brand restriction does not allow the route at all (whatever it names): 403.</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>The request clashes with what exists (a workspace or key name taken): 409.</summary>
public sealed class ConflictException(string message) : DomainException(message);
