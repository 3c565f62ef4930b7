using System.ComponentModel;
using Engagement.Collectors.Status;
using Engagement.Data.Store.Repositories;
using Engagement.Service.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engagement.Service.Api;

/// <summary><c>/api/v1/collectors</c>: what the collectors did per tracked account.</summary>
public static class CollectorsApi
{
    public static IEndpointRouteBuilder MapCollectors(this IEndpointRouteBuilder api)
    {
        api.MapGet("/collectors", GetAsync)
            .WithTags("Collectors")
            .WithName("GetCollectors").WithSummary("Collector status per account")
            .WithDescription("Per account of the workspace's brands (an admin key: every account) on a collected network (" + string.Join(", ", Engagement.Collectors.CollectorNetworks.All) + "): "
                + "health (pending, ok, failing, unavailable, paused, unauthorized, or disabled with disabledReason when the network's "
                + "credentials are not configured), last success, last error, next run, posts stored, requests made and 429 responses seen. "
                + "Optional ?network= narrows to one network. Paged by network and handle; the status changes as the collectors run, "
                + "so a cursor goes on after the last account it gave.")
            .Paged();
        return api;
    }

    private static async Task<Ok<Page<CollectorAccountStatus>>> GetAsync(
        [Description("Only this network's accounts.")] string? network,
        [AsParameters] PageQuery page,
        HttpContext context,
        CollectorStatusQuery status,
        Caller caller,
        BrandAccess access,
        AccountRepository accounts,
        CancellationToken ct)
    {
        ApiPaging.Limit(page.Limit);
        if (network is not null)
        {
            BrandsApi.Id(network, "network");
        }

        // The accounts of the caller's brands only: what another workspace tracks is not its
        // business. The operators' admin key sees every account the collectors fetch.
        var all = (await status.GetAsync(network, ct)).OrderBy(Key, StringComparer.Ordinal).ToList();
        if (!caller.IsAdmin)
        {
            var visible = await access.VisibleAsync(caller, ct);
            var mine = (await accounts.ListAsync(ct: ct)).Where(a => visible.Contains(a.Brand)).Select(a => Key(a.Network, a.Handle)).ToHashSet(StringComparer.Ordinal);
            all = all.Where(a => mine.Contains(Key(a))).ToList();
        }

        return TypedResults.Ok(ApiPaging.Take(context.Request, all, Key, page, version: null));
    }

    private static string Key(CollectorAccountStatus account) => Key(account.Network, account.Handle);

    private static string Key(string network, string handle) => $"{network}\n{handle}";
}
