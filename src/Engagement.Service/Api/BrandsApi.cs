using System.ComponentModel;
using Engagement.Data.Csv;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;
using Engagement.Service.Hosting.Authentication;
using Engagement.Service.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engagement.Service.Api;

/// <summary><c>/api/v1/brands</c>: brands and, under each, its accounts.</summary>
public static class BrandsApi
{
    public static IEndpointRouteBuilder MapBrands(this IEndpointRouteBuilder api)
    {
        var brands = api.MapGroup("/brands").WithTags("Brands");
        brands.MapGet("/", ListAsync)
            .WithName("ListBrands").WithSummary("List brands")
            .WithDescription("Brands by id, with their accounts, a page at a time: follow next (or the Link header) until it is null.")
            .Paged()
            .WithDataVersionCaching();
        brands.MapPost("/", CreateAsync)
            .WithName("PutBrand").WithSummary("Create or replace a brand")
            .WithDescription("201 when the brand is new to the workspace (it then tracks it), 200 when the workspace tracked it (its name and industry are replaced). "
                + "A brand is stored once: another workspace tracking the same id sees the same brand, so a brand other workspaces track "
                + "keeps its name and industry (the answer shows them) unless an admin key changes them. Editor key.")
            .ProducesValidationProblem()
            .RequireRole(ApiKeyRole.Editor);
        brands.MapGet("/{brand}", GetAsync)
            .WithName("GetBrand").WithSummary("Get a brand").ProducesProblem(StatusCodes.Status404NotFound)
            .WithDataVersionCaching();
        brands.MapDelete("/{brand}", DeleteAsync)
            .WithName("DeleteBrand").WithSummary("Delete a brand")
            .WithDescription("The workspace stops tracking the brand and it leaves the workspace's peer sets; once no workspace tracks it, "
                + "the brand and its accounts are deleted (not the posts). Editor key.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireRole(ApiKeyRole.Editor);
        brands.MapAccounts();
        return api;
    }

    private static async Task<Ok<Page<BrandResponse>>> ListAsync(
        [AsParameters] PageQuery page,
        HttpContext context,
        BrandRepository brands,
        AccountRepository accounts,
        Caller caller,
        CancellationToken ct)
    {
        ApiPaging.Limit(page.Limit);
        var byBrand = (await accounts.ListAsync(ct: ct)).ToLookup(a => a.Brand, StringComparer.Ordinal);
        var all = (await brands.ListAsync(caller.Workspace, ct)).Where(b => caller.Allows(b.Id)).OrderBy(b => b.Id, StringComparer.Ordinal).ToList();
        var listed = ApiPaging.Take(context.Request, all, b => b.Id, page, ApiCaching.Version(context));
        return TypedResults.Ok(new Page<BrandResponse>(listed.Items.Select(b => Response(b, byBrand[b.Id])).ToList(), listed.Next));
    }

    private static async Task<Results<Created<BrandResponse>, Ok<BrandResponse>>> CreateAsync(
        BrandRequest body, BrandRepository brands, AccountRepository accounts, FieldRules rules, Caller caller, CancellationToken ct)
    {
        var brand = new Brand(
            Required(body.Id, "id", "a brand needs an id"),
            Required(body.Name, "name", "a brand needs a name"),
            string.IsNullOrEmpty(body.Industry) ? null : body.Industry);
        Id(brand.Id, "id");
        Check("name", rules.NameProblem(brand.Name));
        if (brand.Industry is { } industry)
        {
            Id(industry, "industry");
        }

        var outcome = await brands.UpsertAsync(brand, caller.Workspace, ct, changeShared: caller.IsAdmin);
        var stored = await brands.GetAsync(brand.Id, ct) ?? throw UnknownBrand(brand.Id);
        var response = Response(stored, await accounts.ListAsync(brand.Id, ct));
        return outcome == WriteOutcome.Created
            ? TypedResults.Created($"/api/v1/brands/{brand.Id}", response)
            : TypedResults.Ok(response);
    }

    private static async Task<Ok<BrandResponse>> GetAsync(
        [Description("Brand id.")] string brand, BrandRepository brands, AccountRepository accounts, Caller caller, BrandAccess access, CancellationToken ct)
    {
        await access.RequireAsync(caller, brand, ct);
        var found = await brands.GetAsync(brand, ct) ?? throw UnknownBrand(brand);
        return TypedResults.Ok(Response(found, await accounts.ListAsync(brand, ct)));
    }

    private static async Task<NoContent> DeleteAsync(
        [Description("Brand id.")] string brand, BrandRepository brands, Caller caller, BrandAccess access, CancellationToken ct)
    {
        await access.RequireAsync(caller, brand, ct);
        return await brands.DeleteAsync(brand, caller.Workspace, ct) ? TypedResults.NoContent() : throw UnknownBrand(brand);
    }

    internal static NotFoundException UnknownBrand(string brand) => BrandAccess.Unknown(brand);

    internal static string Required(string? value, string parameter, string message) =>
        string.IsNullOrWhiteSpace(value) ? throw new ApiParameterException(parameter, message) : value;

    /// <summary>A field rule's refusal as a 400 naming the field.</summary>
    internal static void Check(string parameter, string? problem)
    {
        if (problem is not null)
        {
            throw new ApiParameterException(parameter, problem);
        }
    }

    internal static void Id(string value, string parameter)
    {
        if (!CanonicalFormats.IsId(value))
        {
            var shown = value.Length <= 64 ? value : string.Concat(value.AsSpan(0, 64), "...");
            throw new ApiParameterException(parameter, $"{parameter} '{shown}' is not an id: 1-64 characters of a-z 0-9 - _");
        }
    }

    private static BrandResponse Response(Brand brand, IEnumerable<Account> accounts) =>
        new(brand.Id, brand.Name, brand.Industry, accounts.Select(a => AccountResponse.Of(a.Network, a.Handle)).ToList());
}
