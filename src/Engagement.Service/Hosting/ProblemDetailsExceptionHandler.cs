using System.Text.Json;
using Engagement.Data.Store;
using Engagement.Domain.Model;
using Engagement.Service.Api;
using Engagement.Service.Deliveries;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Engagement.Service.Hosting;

/// <summary>
/// Maps exceptions to problem details with a stable <c>type</c> (<see cref="ProblemTypes"/>): a bad
/// parameter or body is 400 naming it (in <c>errors</c>, in the client's words, see
/// <see cref="BindingErrors"/>), an unknown brand or peer set 404, any other domain error 400, an
/// oversized body 413. Anything
/// else is a 500 that says nothing more: the details stay in the log, never in a response.
/// </summary>
internal sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ForbiddenException e => Problem(StatusCodes.Status403Forbidden, e.Message, ProblemTypes.Forbidden),
            ConflictException e => Problem(StatusCodes.Status409Conflict, e.Message, ProblemTypes.Conflict),
            ApiParameterException e => Invalid(e.Parameter, e.Message, e.ProblemType ?? (e.Parameter == "body" ? ProblemTypes.InvalidBody : ProblemTypes.InvalidParameter)),
            DomainException e => Problem(e is NotFoundException ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest, e.Message, ProblemTypes.Of(e)),
            DataVersionMovedException e => Problem(StatusCodes.Status409Conflict, e.Message, ProblemTypes.DataVersionMoved),
            CursorExpiredException e => Problem(StatusCodes.Status410Gone, e.Message, ProblemTypes.CursorExpired),
            PayloadTooLargeException e => Problem(StatusCodes.Status413PayloadTooLarge, e.Message, ProblemTypes.PayloadTooLarge),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                Problem(StatusCodes.Status413PayloadTooLarge, "the request body is too large", ProblemTypes.PayloadTooLarge),
            BadHttpRequestException e when BindingErrors.Explain(e, httpContext.Request) is { } bad =>
                Invalid(bad.Parameter, bad.Message, bad.Parameter == "body" || e.InnerException is JsonException ? ProblemTypes.InvalidBody : ProblemTypes.InvalidParameter),
            BadHttpRequestException e => Problem(e.StatusCode, e.Message, ProblemTypes.OfStatus(e.StatusCode)),
            _ when StoreFaults.Describe(exception) is not null => Unavailable(httpContext, exception),
            PdfUnavailableException e => Problem(StatusCodes.Status503ServiceUnavailable, e.Message, ProblemTypes.PdfUnavailable),
            _ => null,
        };
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = Problem(StatusCodes.Status500InternalServerError, "An unexpected error occurred; it has been logged.", ProblemTypes.Internal);
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
        return Problem(StatusCodes.Status503ServiceUnavailable, "the store is unavailable; try again later (the cause has been logged)", ProblemTypes.OfStatus(StatusCodes.Status503ServiceUnavailable));
    }

    private static ProblemDetails Problem(int status, string detail, string? type) => new() { Status = status, Detail = detail, Type = type };

    private static HttpValidationProblemDetails Invalid(string parameter, string message, string type) =>
        new(new Dictionary<string, string[]> { [parameter] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Type = type,
            Title = type == ProblemTypes.InvalidBody && parameter != "body" ? $"Invalid body field '{parameter}'" : $"Invalid parameter '{parameter}'",
            Detail = message,
        };
}
