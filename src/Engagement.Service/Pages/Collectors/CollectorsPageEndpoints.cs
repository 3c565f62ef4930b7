using Microsoft.AspNetCore.Http.HttpResults;
using Engagement.Collectors;
using Engagement.Collectors.Status;
using Engagement.Domain.Model;
using Engagement.Service.Reports;
using Engagement.Service.Security;

namespace Engagement.Service.Pages.Collectors;

/// <summary><c>/collectors</c>: the collectors' status per network and account, from <see cref="CollectorStatusQuery"/> (the API's source).</summary>
public static class CollectorsPageEndpoints
{
    private const int PageSize = 50;

    public static RouteGroupBuilder MapCollectorsPage(this RouteGroupBuilder pages)
    {
        pages.MapGet(CollectorsPage.Path, ShowAsync);
        return pages;
    }

    private static Task<RazorComponentResult> ShowAsync(
        string? network, string? after, CollectorStatusQuery status, CollectionSummary summary, Caller caller, BrandAccess access, CancellationToken ct) =>
        PageEndpoints.RenderAsync(async () =>
        {
            var shown = string.IsNullOrWhiteSpace(network) ? null : network.Trim().ToLowerInvariant();
            if (shown is not null && !CollectorNetworks.IsCollected(shown))
            {
                throw new DomainException($"no collector for network '{network}': choose one of {string.Join(", ", CollectorNetworks.All)}");
            }

            // The cursor is the last row's "network handle" (neither contains a space).
            (string, string)? position = after?.Split(' ', 2) is [var n, var h] ? (n, h) : null;
            // The accounts of the caller's brands only, as the API lists them; a brand's visibility is
            // asked once per page (listing every brand of a 30,000-brand workspace per page cost ~10 ms).
            var visible = new Dictionary<string, bool>(StringComparer.Ordinal);
            var accounts = new List<CollectorAccountStatus>();
            for (var from = position; accounts.Count <= PageSize;)
            {
                var read = await status.PageAsync(shown, from, PageSize + 1, ct);
                foreach (var account in read)
                {
                    // The operators' admin key sees every account, as in the API.
                    if (!visible.TryGetValue(account.Brand, out var sees))
                    {
                        sees = caller.IsAdmin || await access.SeesAsync(caller, account.Brand, ct);
                        visible[account.Brand] = sees;
                    }

                    if (sees)
                    {
                        accounts.Add(account);
                    }
                }

                if (read.Count <= PageSize)
                {
                    break;
                }

                from = (read[^1].Network, read[^1].Handle);
            }

            var page = accounts.Take(PageSize).ToList();
            return PageEndpoints.Page<CollectorsPage>(new()
            {
                [nameof(CollectorsPage.Networks)] = await summary.GetAsync(ct),
                [nameof(CollectorsPage.Accounts)] = page,
                [nameof(CollectorsPage.Network)] = shown,
                [nameof(CollectorsPage.After)] = position is null ? null : after,
                [nameof(CollectorsPage.Next)] = accounts.Count > PageSize ? $"{page[^1].Network} {page[^1].Handle}" : null,
            });
        });
}
