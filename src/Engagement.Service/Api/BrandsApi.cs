using System.ComponentModel;
using Engagement.Data.Csv;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;
using Engagement.Service.Hosting.Authentication;
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
            .WithDescription("201 when the brand is new, 200 when it existed (its name and industry are replaced). Admin key.")
            .ProducesValidationProblem()
            .RequireAdminKey();
        brands.MapGet("/{brand}", GetAsync)
            .WithName("GetBrand").WithSummary("Get a brand").ProducesProblem(StatusCodes.Status404NotFound)
            .WithDataVersionCaching();
        brands.MapDelete("/{brand}", DeleteAsync)
            .WithName("DeleteBrand").WithSummary("Delete a brand")
            .WithDescription("Deletes the brand, its accounts and its peer-set memberships (not the posts). Admin key.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAdminKey();
        brands.MapAccounts();
        return api;
    }

    private static async Task<Ok<Page<BrandResponse>>> ListAsync(
        [AsParameters] PageQuery page,
        HttpContext context,
        BrandRepository brands,
        AccountRepository accounts,
        CancellationToken ct)
    {
        ApiPaging.Limit(page.Limit);
        var byBrand = (await accounts.ListAsync(ct: ct)).ToLookup(a => a.Brand, StringComparer.Ordinal);
        var all = (await brands.ListAsync(ct)).OrderBy(b => b.Id, StringComparer.Ordinal).ToList();
        var listed = ApiPaging.Take(context.Request, all, b => b.Id, page, ApiCaching.Version(context));
        return TypedResults.Ok(new Page<BrandResponse>(listed.Items.Select(b => Response(b, byBrand[b.Id])).ToList(), listed.Next));
    }

    private static async Task<Results<Created<BrandResponse>, Ok<BrandResponse>>> CreateAsync(
        BrandRequest body, BrandRepository brands, AccountRepository accounts, FieldRules rules, CancellationToken ct)
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

        var outcome = await brands.UpsertAsync(brand, ct);
        var response = Response(brand, await accounts.ListAsync(brand.Id, ct));
        return outcome == WriteOutcome.Created
            ? TypedResults.Created($"/api/v1/brands/{brand.Id}", response)
            : TypedResults.Ok(response);
    }

    private static async Task<Ok<BrandResponse>> GetAsync(
        [Description("Brand id.")] string brand, BrandRepository brands, AccountRepository accounts, CancellationToken ct)
    {
        var found = await brands.GetAsync(brand, ct) ?? throw UnknownBrand(brand);
        return TypedResults.Ok(Response(found, await accounts.ListAsync(brand, ct)));
    }

    private static async Task<NoContent> DeleteAsync([Description("Brand id.")] string brand, BrandRepository brands, CancellationToken ct) =>
        await brands.DeleteAsync(brand, ct) ? TypedResults.NoContent() : throw UnknownBrand(brand);

    internal static NotFoundException UnknownBrand(string brand) => new($"unknown brand '{brand}'");

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
