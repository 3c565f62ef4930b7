using Engagement.Collectors.Status;

namespace Engagement.Service.Api;

/// <summary><c>/api/v1/collectors</c>: what the collectors did per tracked account.</summary>
public static class CollectorsApi
{
    public static IEndpointRouteBuilder MapCollectors(this IEndpointRouteBuilder api)
    {
        api.MapGet("/collectors", GetAsync)
            .WithTags("Collectors")
            .WithName("GetCollectors").WithSummary("Collector status per account")
            .WithDescription("Per tracked account on a collected network (" + string.Join(", ", Engagement.Collectors.CollectorNetworks.All) + "): "
                + "health (Pending, Ok, Failing, Unavailable, Paused, Unauthorized, or Disabled with disabledReason when the network's "
                + "credentials are not configured), last success, last error, next run, posts stored, requests made and 429 responses seen. "
                + "Optional ?network= narrows to one network.");
        return api;
    }

    private static async Task<Microsoft.AspNetCore.Http.HttpResults.Ok<IReadOnlyList<CollectorAccountStatus>>> GetAsync(
        string? network, CollectorStatusQuery status, CancellationToken ct) =>
        TypedResults.Ok(await status.GetAsync(network, ct));
}
