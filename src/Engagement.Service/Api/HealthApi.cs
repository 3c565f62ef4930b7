using System.ComponentModel;
using Engagement.Data.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engagement.Service.Api;

[Description("The service is up and its store answers.")]
public sealed record HealthResponse(
    [property: Description("ok")] string Status,
    [property: Description("The store's schema version.")] int SchemaVersion);

/// <summary><c>GET /health</c>: no key needed, so a load balancer or a container probe can call it.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", CheckAsync)
            .WithTags("Health")
            .WithName("Health").WithSummary("Is the service up and its store reachable?")
            .WithDescription("200 when the store answers, 503 (problem details) when it does not. No API key needed.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RequireAcceptable()
            .AllowAnonymous();
        return app;
    }

    private static async Task<Results<Ok<HealthResponse>, ProblemHttpResult>> CheckAsync(
        StoreMigrator migrator, ILoggerFactory loggers, CancellationToken ct)
    {
        try
        {
            var versions = await migrator.AppliedAsync(ct);
            return TypedResults.Ok(new HealthResponse("ok", versions.Count == 0 ? 0 : versions[^1]));
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            loggers.CreateLogger(typeof(HealthApi)).LogError(error, "Health check: the store is not reachable");
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, detail: "the store is not reachable");
        }
    }
}
