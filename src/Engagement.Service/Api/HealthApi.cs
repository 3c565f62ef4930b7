using System.ComponentModel;
using Engagement.Data.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engagement.Service.Api;

[Description("The service is up and its store answers.")]
public sealed record HealthResponse(
    [property: Description("ok")] string Status,
    [property: Description("The store's schema version.")] int SchemaVersion);

[Description("The process answers.")]
public sealed record LivenessResponse([property: Description("ok")] string Status);

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
        // Readiness (may this instance take traffic: is its store usable?) is /health itself;
        // liveness (is the process responsive: restart it if not) must not depend on the store,
        // or a database outage would restart every instance for nothing.
        app.MapGet("/health/ready", CheckAsync)
            .WithTags("Health")
            .WithName("Readiness").WithSummary("Can the service take traffic (its store answers)?")
            .WithDescription("As /health: 200 when the store answers, 503 when it does not. No API key needed.")
            .AllowAnonymous();
        app.MapGet("/health/live", () => TypedResults.Ok(new LivenessResponse("ok")))
            .WithTags("Health")
            .WithName("Liveness").WithSummary("Is the process up?")
            .WithDescription("200 while the process answers, whatever the store's state. No API key needed.")
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
