using Engagement.Domain.Model;

namespace Engagement.Service.Api;

/// <summary>A request parameter (query, route or body field) the API cannot use: 400, naming it.</summary>
public sealed class ApiParameterException(string parameter, string message) : DomainException(message)
{
    public string Parameter { get; } = parameter;
}

/// <summary>A request body over the configured limit: 413.</summary>
public sealed class PayloadTooLargeException(long limit)
    : Exception($"the request body is larger than the limit of {limit} bytes (Imports:MaxBytes)")
{
    public long Limit { get; } = limit;
}
