using System.ComponentModel;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;
using Engagement.Service.Hosting.Authentication;
using Engagement.Service.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engagement.Service.Api;

/// <summary>
/// <c>/api/v1/workspaces</c>: the operators' (admin key's) routes. A workspace key may read its
/// own workspace; any other workspace is not found to it.
/// </summary>
public static class WorkspacesApi
{
    public static IEndpointRouteBuilder MapWorkspaces(this IEndpointRouteBuilder api)
    {
        var workspaces = api.MapGroup("/workspaces").WithTags("Workspaces");
        workspaces.MapGet("/", ListAsync)
            .WithName("ListWorkspaces").WithSummary("List workspaces")
            .WithDescription("Every workspace by name with how many brands it tracks, a page at a time. Admin key.")
            .Paged()
            .RequireRole(ApiKeyRole.Admin);
        workspaces.MapPost("/", CreateAsync)
            .WithName("CreateWorkspace").WithSummary("Create a workspace")
            .WithDescription("201, or 409 when the name is taken. Give it an owner key next (POST /api/v1/keys with its workspace). Admin key.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireRole(ApiKeyRole.Admin);
        workspaces.MapGet("/{name}", GetAsync)
            .WithName("GetWorkspace").WithSummary("Get a workspace")
            .WithDescription("A key reads its own workspace; an admin key any.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        workspaces.MapDelete("/{name}", DeleteAsync)
            .WithName("DeleteWorkspace").WithSummary("Delete a workspace")
            .WithDescription("Deletes its peer sets and keys, and the brands no other workspace tracks (their posts stay). "
                + "The default workspace cannot be deleted. Admin key (another key gets 403 on its own workspace, 404 on any other).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Ok<Page<WorkspaceResponse>>> ListAsync(
        [AsParameters] PageQuery page, HttpContext context, WorkspaceRepository workspaces, CancellationToken ct)
    {
        ApiPaging.Limit(page.Limit);
        var all = (await workspaces.ListAsync(ct)).Select(Response).ToList();
        return TypedResults.Ok(ApiPaging.Take(context.Request, all, w => w.Name, page, version: null));
    }

    private static async Task<Created<WorkspaceResponse>> CreateAsync(WorkspaceRequest body, WorkspaceRepository workspaces, CancellationToken ct)
    {
        var name = BrandsApi.Required(body.Name, "name", "a workspace needs a name");
        BrandsApi.Id(name, "name");
        if (!await workspaces.CreateAsync(name, ct))
        {
            throw new ConflictException($"workspace '{name}' already exists");
        }

        var created = await workspaces.GetAsync(name, ct) ?? throw Unknown(name);
        return TypedResults.Created($"/api/v1/workspaces/{name}", Response(created));
    }

    private static async Task<Ok<WorkspaceResponse>> GetAsync(
        [Description("Workspace name.")] string name, WorkspaceRepository workspaces, Caller caller, CancellationToken ct) =>
        TypedResults.Ok(Response(await FindAsync(name, workspaces, caller, ct)));

    private static async Task<NoContent> DeleteAsync(
        [Description("Workspace name.")] string name, WorkspaceRepository workspaces, Caller caller, CancellationToken ct)
    {
        await FindAsync(name, workspaces, caller, ct);
        if (!caller.IsAdmin)
        {
            throw new ForbiddenException("only the server's admin key deletes workspaces");
        }

        if (name == WorkspaceRepository.Default)
        {
            throw new ApiParameterException("name", "the default workspace cannot be deleted");
        }

        return await workspaces.DeleteAsync(name, ct) ? TypedResults.NoContent() : throw Unknown(name);
    }

    private static async Task<Workspace> FindAsync(string name, WorkspaceRepository workspaces, Caller caller, CancellationToken ct) =>
        (caller.IsAdmin || name == caller.Workspace) && await workspaces.GetAsync(name, ct) is { } found ? found : throw Unknown(name);

    private static NotFoundException Unknown(string name) => new($"unknown workspace '{name}'");

    private static WorkspaceResponse Response(Workspace workspace) => new(workspace.Name, workspace.CreatedAt, workspace.Brands);
}
