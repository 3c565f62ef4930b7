using Microsoft.AspNetCore.Http.HttpResults;
using System.Globalization;
using Engagement.Service.Api;
using Engagement.Service.Reports;
using Engagement.Service.Security;

namespace Engagement.Service.Pages.Home;

/// <summary>The home page <c>/</c>: the dashboard, <c>?q=</c> to search, <c>?page=</c> to page, <c>from</c>/<c>to</c> for the window.</summary>
public static class DashboardEndpoints
{
    public static RouteGroupBuilder MapDashboard(this RouteGroupBuilder pages)
    {
        pages.MapGet("/", DashboardAsync);
        return pages;
    }

    private static Task<RazorComponentResult> DashboardAsync(
        string? q, string? page, string? deleted, [AsParameters] ReportParameters parameters, DashboardService dashboards, Caller caller, HttpContext http,
        CancellationToken ct) =>
        PageEndpoints.RenderAsync(async () =>
        {
            var search = q?.Trim();
            var query = new DashboardQuery
            {
                Search = search is { Length: > 200 } ? search[..200] : search,
                Page = int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : 1,
                Report = caller.Scope(parameters.ToQuery()),
            };
            var dashboard = await dashboards.GetAsync(query, ct);
            return PageEndpoints.Page<DashboardPage>(new()
            {
                [nameof(DashboardPage.Model)] = dashboard,
                [nameof(DashboardPage.Search)] = query.Search,
                [nameof(DashboardPage.From)] = parameters.From,
                [nameof(DashboardPage.To)] = parameters.To,
                [nameof(DashboardPage.Notice)] = string.IsNullOrEmpty(deleted) ? null : $"The brand {deleted} was deleted.",
                [nameof(DashboardPage.CanEdit)] = PageAccess.CanEdit(http),
            });
        });
}
