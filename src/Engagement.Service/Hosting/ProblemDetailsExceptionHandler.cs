using System.Text.Json;
using Engagement.Data.Store;
using Engagement.Domain.Model;
using Engagement.Service.Api;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Engagement.Service.Hosting;

/// <summary>
/// Maps exceptions to problem details: a bad parameter or body is 400 naming it (in <c>errors</c>),
/// an unknown brand or peer set 404, any other domain error 400, an oversized body 413. Anything
/// else is a 500 that says nothing more: the details stay in the log, never in a response.
/// </summary>
internal sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ApiParameterException e => Invalid(e.Parameter, e.Message),
            NotFoundException e => new ProblemDetails { Status = StatusCodes.Status404NotFound, Detail = e.Message },
            DomainException e => new ProblemDetails { Status = StatusCodes.Status400BadRequest, Detail = e.Message },
            PayloadTooLargeException e => new ProblemDetails { Status = StatusCodes.Status413PayloadTooLarge, Detail = e.Message },
            BadHttpRequestException { InnerException: JsonException json } => Invalid("body", $"malformed JSON body: {json.Message}"),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                new ProblemDetails { Status = StatusCodes.Status413PayloadTooLarge, Detail = "the request body is too large" },
            BadHttpRequestException e => new ProblemDetails { Status = e.StatusCode, Detail = e.Message },
            _ when StoreFaults.Describe(exception) is not null => Unavailable(httpContext, exception),
            _ => null,
        };
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Detail = "An unexpected error occurred; it has been logged." };
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        // No Exception on the context: a writer must never be able to add it to the response.
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }

    // The store cannot be used (disk full, read-only, not a database, server down): the service is
    // unavailable, not broken. The reason names files and hosts, so it goes to the log only.
    private ProblemDetails Unavailable(HttpContext httpContext, Exception exception)
    {
        logger.LogError(exception, "Store unavailable on {Method} {Path}: {Fault}", httpContext.Request.Method, httpContext.Request.Path, StoreFaults.Describe(exception));
        httpContext.Response.Headers.RetryAfter = "30";
        return new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Detail = "the store is unavailable; try again later (the cause has been logged)" };
    }

    private static HttpValidationProblemDetails Invalid(string parameter, string message) =>
        new(new Dictionary<string, string[]> { [parameter] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = $"Invalid parameter '{parameter}'",
            Detail = message,
        };
}
