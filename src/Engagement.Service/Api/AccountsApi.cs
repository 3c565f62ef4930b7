using System.ComponentModel;
using Engagement.Collectors;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;
using Engagement.Service.Hosting.Authentication;
using Engagement.Service.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engagement.Service.Api;

/// <summary><c>/api/v1/brands/{brand}/accounts/{network}</c>: a brand's one account per network.</summary>
public static class AccountsApi
{
    /// <summary><c>GET /api/v1/accounts</c>: every brand's accounts, paged.</summary>
    public static IEndpointRouteBuilder MapAccountList(this IEndpointRouteBuilder api)
    {
        api.MapGet("/accounts", ListAsync).WithTags("Brands")
            .WithName("ListAccounts").WithSummary("List accounts")
            .WithDescription("Every brand's accounts by network and handle, a page at a time: follow next (or the Link header) until it is null.")
            .Paged()
            .WithDataVersionCaching();
        return api;
    }

    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder brands)
    {
        var accounts = brands.MapGroup("/{brand}/accounts").WithTags("Brands");
        accounts.MapPut("/{network}", PutAsync)
            .WithName("PutAccount").WithSummary("Set a brand's account on a network")
            .WithDescription("201 when the brand had no account there, 200 when it replaces or repeats it. An account belongs to one brand. "
                + "The network is one the collectors fetch (mastodon, bluesky, youtube) or one imported as CSV only (x, facebook, instagram, linkedin, tiktok, threads); "
                + "the answer's collected says which. 409 when other workspaces track the brand too (only an admin key changes its accounts). Editor key.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireRole(ApiKeyRole.Editor);
        accounts.MapDelete("/{network}", DeleteAsync)
            .WithName("DeleteAccount").WithSummary("Remove a brand's account on a network")
            .WithDescription("The posts stay in the store. 409 when other workspaces track the brand too (only an admin key changes its accounts). Editor key.")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireRole(ApiKeyRole.Editor);
        return brands;
    }

    private static async Task<Results<Created<AccountResponse>, Ok<AccountResponse>>> PutAsync(
        [Description("Brand id.")] string brand,
        [Description("Network id, e.g. mastodon.")] string network,
        AccountRequest body,
        AccountRepository accounts,
        FieldRules rules,
        Caller caller,
        BrandAccess access,
        CancellationToken ct)
    {
        BrandsApi.Id(network, "network");
        if (!CollectorNetworks.IsKnown(network))
        {
            throw new ApiParameterException("network",
                $"unknown network '{network}': use a collected network ({string.Join(", ", CollectorNetworks.All)}) "
                + $"or one imported as CSV only ({string.Join(", ", CollectorNetworks.CsvOnly)})");
        }

        var handle = Handle.Normalize(BrandsApi.Required(body.Handle, "handle", "an account needs a handle"));
        BrandsApi.Check("handle", rules.AccountHandleProblem(network, handle));

        await access.RequireAsync(caller, brand, ct);
        await access.RequireUnsharedAsync(caller, brand, ct);
        var onNetwork = (await accounts.ListAsync(ct: ct)).Where(a => a.Network == network).ToList();
        if (onNetwork.FirstOrDefault(a => a.Handle == handle) is { } owned && owned.Brand != brand)
        {
            // Which brand owns it is told only to a caller who may see that brand.
            var owner = caller.Allows(owned.Brand) && (await access.VisibleAsync(caller, ct)).Contains(owned.Brand) ? $"brand '{owned.Brand}'" : "another brand";
            throw new ApiParameterException("handle", $"account {network}/{handle} already belongs to {owner}");
        }

        // PUT replaces: the brand's current account on the network (if another) goes first.
        var current = onNetwork.FirstOrDefault(a => a.Brand == brand);
        if (current is not null && current.Handle != handle)
        {
            await accounts.DeleteAsync(network, current.Handle, ct);
        }

        var outcome = await accounts.AddAsync(new Account(brand, network, handle), ct);
        var response = AccountResponse.Of(network, handle);
        return outcome == WriteOutcome.Created && current is null
            ? TypedResults.Created($"/api/v1/brands/{brand}/accounts/{network}", response)
            : TypedResults.Ok(response);
    }

    private static async Task<Ok<Page<BrandAccountResponse>>> ListAsync(
        [AsParameters] PageQuery page,
        HttpContext context,
        AccountRepository accounts,
        Caller caller,
        BrandAccess access,
        CancellationToken ct)
    {
        ApiPaging.Limit(page.Limit);
        var visible = await access.VisibleAsync(caller, ct);
        var all = (await accounts.ListAsync(ct: ct))
            .Where(a => visible.Contains(a.Brand))
            .Select(a => new BrandAccountResponse(a.Brand, a.Network, a.Handle))
            .OrderBy(Key, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(ApiPaging.Take(context.Request, all, Key, page, ApiCaching.Version(context)));
    }

    private static string Key(BrandAccountResponse account) => $"{account.Network}\n{account.Handle}";

    private static async Task<NoContent> DeleteAsync(
        [Description("Brand id.")] string brand,
        [Description("Network id.")] string network,
        AccountRepository accounts,
        Caller caller,
        BrandAccess access,
        CancellationToken ct)
    {
        await access.RequireAsync(caller, brand, ct);
        await access.RequireUnsharedAsync(caller, brand, ct);
        var account = (await accounts.ListAsync(brand, ct)).FirstOrDefault(a => a.Network == network)
            ?? throw new NotFoundException($"brand '{brand}' has no account on {network}");
        await accounts.DeleteAsync(network, account.Handle, ct);
        return TypedResults.NoContent();
    }
}
