using System.ComponentModel;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;
using Engagement.Service.Hosting.Authentication;
using Engagement.Service.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engagement.Service.Api;

/// <summary>
/// <c>/api/v1/keys</c>: a workspace's keys, managed by its owners (an admin key: every
/// workspace's). A key of another workspace, or the server's admin keys for anyone but an admin,
/// is not found. Revocation holds at once on every instance: keys are read from the store per request.
/// </summary>
public static class KeysApi
{
    public static IEndpointRouteBuilder MapKeys(this IEndpointRouteBuilder api)
    {
        var keys = api.MapGroup("/keys").WithTags("Keys");
        keys.MapGet("/", ListAsync)
            .WithName("ListKeys").WithSummary("List keys")
            .WithDescription("The workspace's keys by name (an admin key: every workspace's), never their secrets, a page at a time. Owner key.")
            .Paged()
            .RequireRole(ApiKeyRole.Owner);
        keys.MapPost("/", CreateAsync)
            .WithName("CreateKey").WithSummary("Create a key")
            .WithDescription("201 with the secret, shown this once. An owner creates viewer, editor and owner keys of its workspace; "
                + "only an admin key creates admin keys or keys of another workspace. 409 when the name is taken in the workspace. Owner key.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireRole(ApiKeyRole.Owner);
        keys.MapGet("/{id}", GetAsync)
            .WithName("GetKey").WithSummary("Get a key")
            .WithDescription("Owner key.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireRole(ApiKeyRole.Owner);
        keys.MapDelete("/{id}", RevokeAsync)
            .WithName("RevokeKey").WithSummary("Revoke a key")
            .WithDescription("The key stops working at once, on every instance, with its sign-in sessions; revoking it again changes nothing. Owner key.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireRole(ApiKeyRole.Owner);
        return api;
    }

    private static async Task<Ok<Page<KeyResponse>>> ListAsync(
        [AsParameters] PageQuery page, HttpContext context, ApiKeyRepository keys, Caller caller, CancellationToken ct)
    {
        ApiPaging.Limit(page.Limit);
        var all = (await keys.ListAsync(caller.IsAdmin ? null : caller.Workspace, ct))
            .Where(key => Visible(caller, key))
            .Select(Response)
            .OrderBy(Key, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(ApiPaging.Take(context.Request, all, Key, page, version: null));
    }

    private static async Task<Created<CreatedKeyResponse>> CreateAsync(
        KeyRequest body, ApiKeyRepository keys, WorkspaceRepository workspaces, Caller caller, TimeProvider time, CancellationToken ct)
    {
        var name = BrandsApi.Required(body.Name, "name", "a key needs a name");
        BrandsApi.Id(name, "name");
        var role = ParseRole(body.Role);
        var workspace = body.Workspace ?? caller.Workspace;
        if (workspace != caller.Workspace && !caller.IsAdmin || await workspaces.GetAsync(workspace, ct) is null)
        {
            throw new NotFoundException($"unknown workspace '{workspace}'");
        }

        if (role == ApiKeyRole.Admin && !caller.IsAdmin)
        {
            throw new ForbiddenException("only an admin key creates admin keys");
        }

        if (KeyGrants.Check(workspace, role, body.Brands, body.ExpiresAt, time.GetUtcNow()) is { } problem)
        {
            throw new ApiParameterException(problem.Parameter, problem.Message);
        }

        if (body.Brands is { } brands)
        {
            var tracked = (await workspaces.BrandsAsync(workspace, ct)).ToHashSet(StringComparer.Ordinal);
            if (brands.FirstOrDefault(brand => !tracked.Contains(brand)) is { } unknown)
            {
                throw new ApiParameterException("brands", $"unknown brand '{unknown}' in workspace '{workspace}'");
            }
        }

        var secret = ApiKeySecrets.Generate();
        ApiKey key;
        try
        {
            key = await keys.InsertAsync(name, new ApiKeyGrant(workspace, role, body.Brands, body.ExpiresAt), ApiKeySecrets.Hash(secret), ct);
        }
        catch (DomainException taken) when (taken is not NotFoundException)
        {
            throw new ConflictException(taken.Message);
        }

        var shown = Response(key);
        return TypedResults.Created($"/api/v1/keys/{key.Id}", new CreatedKeyResponse(
            shown.Id, shown.Name, shown.Workspace, shown.Role, shown.Brands, shown.CreatedAt, shown.ExpiresAt, shown.LastUsedAt, shown.RevokedAt, secret));
    }

    private static async Task<Ok<KeyResponse>> GetAsync([Description("Key id.")] long id, ApiKeyRepository keys, Caller caller, CancellationToken ct) =>
        TypedResults.Ok(Response(await FindAsync(id, keys, caller, ct)));

    private static async Task<NoContent> RevokeAsync([Description("Key id.")] long id, ApiKeyRepository keys, Caller caller, CancellationToken ct)
    {
        var key = await FindAsync(id, keys, caller, ct);
        await keys.RevokeAsync(key.Id, key.Workspace, ct);
        return TypedResults.NoContent();
    }

    // A key the caller may manage: its workspace's (not the server's admin keys), or any for an admin.
    private static async Task<ApiKey> FindAsync(long id, ApiKeyRepository keys, Caller caller, CancellationToken ct) =>
        await keys.GetAsync(id, caller.IsAdmin ? null : caller.Workspace, ct) is { } key && Visible(caller, key)
            ? key
            : throw new NotFoundException($"unknown key {id}");

    private static bool Visible(Caller caller, ApiKey key) => caller.IsAdmin || key.Workspace == caller.Workspace && key.Role != ApiKeyRole.Admin;

    private static ApiKeyRole ParseRole(string? role)
    {
        try
        {
            return ApiKeyRoles.Parse(BrandsApi.Required(role, "role", "a key needs a role: viewer, editor, owner or admin"));
        }
        catch (DomainException unknown) when (unknown is not ApiParameterException)
        {
            throw new ApiParameterException("role", unknown.Message);
        }
    }

    private static string Key(KeyResponse key) => $"{key.Workspace}\n{key.Name}";

    private static KeyResponse Response(ApiKey key) => new(
        key.Id, key.Name, key.Workspace, ApiKeyRoles.Text(key.Role), key.Brands, key.CreatedAt, key.ExpiresAt, key.LastUsedAt, key.RevokedAt);
}
