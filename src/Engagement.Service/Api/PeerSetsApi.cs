using System.ComponentModel;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;
using Engagement.Service.Hosting.Authentication;
using Engagement.Service.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engagement.Service.Api;

/// <summary><c>/api/v1/peer-sets</c>: named sets of brands, the <c>peers:NAME</c> benchmark.</summary>
public static class PeerSetsApi
{
    public static IEndpointRouteBuilder MapPeerSets(this IEndpointRouteBuilder api)
    {
        var sets = api.MapGroup("/peer-sets").WithTags("Peer sets");
        sets.MapGet("/", ListAsync).WithName("ListPeerSets").WithSummary("List peer sets")
            .WithDescription("The workspace's peer sets by name, a page at a time: follow next (or the Link header) until it is null. "
                + "A brand-restricted key sees none.")
            .Paged()
            .WithDataVersionCaching();
        sets.MapGet("/{name}", GetAsync).WithName("GetPeerSet").WithSummary("Get a peer set").ProducesProblem(StatusCodes.Status404NotFound)
            .WithDataVersionCaching();
        sets.MapPut("/{name}", PutAsync)
            .WithName("PutPeerSet").WithSummary("Create or replace a peer set")
            .WithDescription("201 when new, 200 when replaced or unchanged. Every brand must be tracked by the workspace; a name is the workspace's own. Editor key.")
            .ProducesValidationProblem()
            .RequireRole(ApiKeyRole.Editor);
        sets.MapDelete("/{name}", DeleteAsync)
            .WithName("DeletePeerSet").WithSummary("Delete a peer set").WithDescription("Editor key.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireRole(ApiKeyRole.Editor);
        return api;
    }

    private static async Task<Ok<Page<PeerSetResponse>>> ListAsync(
        [AsParameters] PageQuery page,
        HttpContext context,
        PeerSetRepository sets,
        Caller caller,
        CancellationToken ct)
    {
        ApiPaging.Limit(page.Limit);
        var all = (caller.IsRestricted ? [] : await sets.ListAsync(caller.Workspace, ct)).Select(s => new PeerSetResponse(s.Name, s.Brands)).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        return TypedResults.Ok(ApiPaging.Take(context.Request, all, s => s.Name, page, ApiCaching.Version(context)));
    }

    private static async Task<Ok<PeerSetResponse>> GetAsync(
        [Description("Peer set name.")] string name, PeerSetRepository sets, Caller caller, CancellationToken ct)
    {
        var set = (caller.IsRestricted ? null : await sets.GetAsync(caller.Workspace, name, ct)) ?? throw UnknownPeerSet(name);
        return TypedResults.Ok(new PeerSetResponse(set.Name, set.Brands));
    }

    private static async Task<Results<Created<PeerSetResponse>, Ok<PeerSetResponse>>> PutAsync(
        [Description("Peer set name: 1-64 characters of a-z 0-9 - _.")] string name,
        PeerSetRequest body,
        PeerSetRepository sets,
        Caller caller,
        CancellationToken ct)
    {
        BrandsApi.Id(name, "name");
        if (body.Brands is not { Count: > 0 } brands)
        {
            throw new ApiParameterException("brands", "a peer set needs at least one brand");
        }

        WriteOutcome outcome;
        try
        {
            outcome = await sets.SetAsync(caller.Workspace, name, brands, ct);
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

    private static async Task<NoContent> DeleteAsync(
        [Description("Peer set name.")] string name, PeerSetRepository sets, Caller caller, CancellationToken ct) =>
        await sets.DeleteAsync(caller.Workspace, name, ct) ? TypedResults.NoContent() : throw UnknownPeerSet(name);

    private static NotFoundException UnknownPeerSet(string name) => new($"unknown peer set '{name}'");
}
