using System.Globalization;
using Engagement.Data.Store.Audit;
using Engagement.Data.Store.Repositories;
using Engagement.Service.Hosting.Authentication;
using Engagement.Service.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engagement.Service.Api;

/// <summary><c>GET /api/v1/audit</c>: the workspace's audit log, newest first (an admin key: every workspace's).</summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder api)
    {
        api.MapGet("/audit", ListAsync)
            .WithTags("Audit")
            .WithName("ListAuditEntries").WithSummary("The audit log")
            .WithDescription("Every write request the workspace's keys made (POST, PUT, DELETE), refused ones included: key, method and route, path, "
                + "status, time and client address; newest first, a page at a time. The log only grows, so a cursor never expires. Owner key.")
            .Paged()
            .RequireRole(ApiKeyRole.Owner);
        return api;
    }

    private static async Task<Ok<Page<AuditEntryResponse>>> ListAsync(
        [AsParameters] PageQuery page, HttpContext context, AuditLogRepository log, Caller caller, CancellationToken ct)
    {
        var limit = ApiPaging.Limit(page.Limit);
        var before = ApiPaging.After(page) is { } after
            ? long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id
                : throw new ApiParameterException("cursor", "the cursor is not one this list gave: pass the next link as it came")
            : (long?)null;

        // One more than the page: whether there is a next page is known without counting.
        var entries = await log.ListAsync(caller.IsAdmin ? null : caller.Workspace, before, limit + 1, ct);
        var items = entries.Take(limit).Select(Response).ToList();
        var next = entries.Count > limit ? ApiPaging.NextAfter(context.Request, items[^1].Id.ToString(CultureInfo.InvariantCulture)) : null;
        return TypedResults.Ok(new Page<AuditEntryResponse>(items, next));
    }

    private static AuditEntryResponse Response(AuditEntry entry) =>
        new(entry.Id, entry.At, entry.Workspace, entry.KeyId, entry.KeyName, entry.Action, entry.Target, entry.Status, entry.RemoteAddress);
}
