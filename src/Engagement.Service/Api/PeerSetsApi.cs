using System.ComponentModel;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;
using Engagement.Service.Hosting.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engagement.Service.Api;

/// <summary><c>/api/v1/peer-sets</c>: named sets of brands, the <c>peers:NAME</c> benchmark.</summary>
public static class PeerSetsApi
{
    public static IEndpointRouteBuilder MapPeerSets(this IEndpointRouteBuilder api)
    {
        var sets = api.MapGroup("/peer-sets").WithTags("Peer sets");
        sets.MapGet("/", ListAsync).WithName("ListPeerSets").WithSummary("List peer sets")
            .WithDescription("Peer sets by name, a page at a time: follow next (or the Link header) until it is null.")
            .Paged()
            .WithDataVersionCaching();
        sets.MapGet("/{name}", GetAsync).WithName("GetPeerSet").WithSummary("Get a peer set").ProducesProblem(StatusCodes.Status404NotFound)
            .WithDataVersionCaching();
        sets.MapPut("/{name}", PutAsync)
            .WithName("PutPeerSet").WithSummary("Create or replace a peer set")
            .WithDescription("201 when new, 200 when replaced or unchanged. Every brand must exist. Admin key.")
            .ProducesValidationProblem()
            .RequireAdminKey();
        sets.MapDelete("/{name}", DeleteAsync)
            .WithName("DeletePeerSet").WithSummary("Delete a peer set").WithDescription("Admin key.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAdminKey();
        return api;
    }

    private static async Task<Ok<Page<PeerSetResponse>>> ListAsync(
        [AsParameters] PageQuery page,
        HttpContext context,
        PeerSetRepository sets,
        CancellationToken ct)
    {
        ApiPaging.Limit(page.Limit);
        var all = (await sets.ListAsync(ct)).Select(s => new PeerSetResponse(s.Name, s.Brands)).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        return TypedResults.Ok(ApiPaging.Take(context.Request, all, s => s.Name, page, ApiCaching.Version(context)));
    }

    private static async Task<Ok<PeerSetResponse>> GetAsync([Description("Peer set name.")] string name, PeerSetRepository sets, CancellationToken ct)
    {
        var set = await sets.GetAsync(name, ct) ?? throw UnknownPeerSet(name);
        return TypedResults.Ok(new PeerSetResponse(set.Name, set.Brands));
    }

    private static async Task<Results<Created<PeerSetResponse>, Ok<PeerSetResponse>>> PutAsync(
        [Description("Peer set name: 1-64 characters of a-z 0-9 - _.")] string name, PeerSetRequest body, PeerSetRepository sets, CancellationToken ct)
    {
        BrandsApi.Id(name, "name");
        if (body.Brands is not { Count: > 0 } brands)
        {
            throw new ApiParameterException("brands", "a peer set needs at least one brand");
        }

        WriteOutcome outcome;
        try
        {
            outcome = await sets.SetAsync(name, brands, ct);
        }
        catch (NotFoundException unknown)
        {
            // The set is what the URL names; an unknown brand is a bad body, not a missing resource.
            throw new ApiParameterException("brands", unknown.Message);
        }

        var response = new PeerSetResponse(name, brands.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
        return outcome == WriteOutcome.Created
            ? TypedResults.Created($"/api/v1/peer-sets/{name}", response)
            : TypedResults.Ok(response);
    }

    private static async Task<NoContent> DeleteAsync([Description("Peer set name.")] string name, PeerSetRepository sets, CancellationToken ct) =>
        await sets.DeleteAsync(name, ct) ? TypedResults.NoContent() : throw UnknownPeerSet(name);

    private static NotFoundException UnknownPeerSet(string name) => new($"unknown peer set '{name}'");
}
