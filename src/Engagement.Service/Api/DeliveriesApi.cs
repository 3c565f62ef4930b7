using System.ComponentModel;
using Engagement.Data.Store.Deliveries;
using Engagement.Domain.Model;
using Engagement.Service.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engagement.Service.Api;

/// <summary><c>/api/v1/deliveries</c>: the delivery log of reports and alerts, with every attempt.</summary>
public static class DeliveriesApi
{
    /// <summary>The log lists the workspace's most recent deliveries, up to this many.</summary>
    public const int MaxListed = 10_000;

    public static IEndpointRouteBuilder MapDeliveries(this IEndpointRouteBuilder api)
    {
        var deliveries = api.MapGroup("/deliveries").WithTags("Deliveries");
        deliveries.MapGet("/", ListAsync).WithName("ListDeliveries").WithSummary("The delivery log")
            .WithDescription("The workspace's deliveries of reports and alerts, newest first, with each attempt (status code or error) and the next retry. "
                + "A brand-restricted key sees none.")
            .Paged();
        deliveries.MapGet("/{id}", GetAsync).WithName("GetDelivery").WithSummary("Get a delivery").ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Ok<Page<DeliveryResponse>>> ListAsync(
        [AsParameters] PageQuery page, [Description("Only the deliveries of this schedule run.")] long? runId, HttpContext context, DeliveryRepository deliveries, Caller caller,
        CancellationToken ct)
    {
        ApiPaging.Limit(page.Limit);
        var all = caller.IsRestricted ? [] : await deliveries.ListAsync(caller.Workspace, null, MaxListed, runId, ct);
        var listed = ApiPaging.Take(context.Request, all, d => SchedulesApi.Key(long.MaxValue - d.Id), page, null);
        var items = new List<DeliveryResponse>(listed.Items.Count);
        foreach (var delivery in listed.Items)
        {
            items.Add(Response(delivery, await deliveries.AttemptsAsync(delivery.Id, ct)));
        }

        return TypedResults.Ok(new Page<DeliveryResponse>(items, listed.Next));
    }

    private static async Task<Ok<DeliveryResponse>> GetAsync([Description("Delivery id.")] long id, DeliveryRepository deliveries, Caller caller, CancellationToken ct)
    {
        var delivery = (caller.IsRestricted ? null : await deliveries.GetAsync(caller.Workspace, id, ct)) ?? throw new NotFoundException($"unknown delivery {id}");
        return TypedResults.Ok(Response(delivery, await deliveries.AttemptsAsync(id, ct)));
    }

    private static DeliveryResponse Response(Delivery d, IReadOnlyList<DeliveryAttempt> attempts) => new(
        d.Id, d.Event, d.Channel, d.Target, d.RunId, d.Status, d.Attempts, d.NextAttemptAt, d.CreatedAt, d.FinishedAt, d.LastError,
        attempts.Select(a => new DeliveryAttemptResponse(a.Attempt, a.AttemptedAt, a.StatusCode, a.Error)).ToList());
}
