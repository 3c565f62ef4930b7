using Engagement.Domain.Model;

namespace Engagement.Service.Api;

/// <summary>
/// A request parameter (query, route or body field) the API cannot use: 400, naming it. The
/// problem type defaults to invalid-parameter (invalid-body for the body); a more precise kind
/// (e.g. brand-not-in-benchmark) is given where the error is raised, never read from the text.
/// </summary>
public sealed class ApiParameterException(string parameter, string message, string? problemType = null) : DomainException(message)
{
    public string Parameter { get; } = parameter;

    public string? ProblemType { get; } = problemType;
}

/// <summary>A request body over the configured limit: 413.</summary>
public sealed class PayloadTooLargeException(long limit)
    : Exception($"the request body is larger than the limit of {limit} bytes (Imports:MaxBytes)")
{
    public long Limit { get; } = limit;
}
