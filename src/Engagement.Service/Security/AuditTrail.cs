using Engagement.Data.Store.Audit;
using Engagement.Service.Hosting;

namespace Engagement.Service.Security;

/// <summary>
/// Records every write request to the API that a key made (POST, PUT, PATCH, DELETE under
/// /api/v1), refused or not: the key, the route and path, the status, the time and the client's
/// address (after the trusted proxies' X-Forwarded-For). The entry is written with the request's
/// first write, in its transaction (<see cref="AuditScope"/>), and completed with the status just
/// before the response starts, so a client that has its answer finds the entry.
/// </summary>
public static class AuditTrail
{
    public static IApplicationBuilder UseAuditTrail(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!IsWrite(context.Request) || Caller.From(context.User) is not { } caller)
        {
            await next(context);
            return;
        }

        var route = ((context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "").TrimEnd('/');
        var scope = new AuditScope(
            caller.Workspace,
            caller.KeyId,
            caller.KeyName,
            $"{context.Request.Method} {route}",
            context.Request.Path.Value ?? "",
            context.Connection.RemoteIpAddress?.ToString());
        AuditScope.Current = scope;
        context.Response.OnStarting(() => FinishAsync(context, scope));
        await next(context);
    });

    private static bool IsWrite(HttpRequest request) =>
        request.Path.StartsWithSegments(EndpointExtensions.ApiPrefix, StringComparison.Ordinal)
        && (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method) || HttpMethods.IsDelete(request.Method));

    private static async Task FinishAsync(HttpContext context, AuditScope scope)
    {
        try
        {
            await context.RequestServices.GetRequiredService<AuditLogRepository>().FinishAsync(scope, context.Response.StatusCode, CancellationToken.None);
        }
        catch (Exception error)
        {
            // The write itself is done (and its entry recorded, when it wrote): the answer still goes out.
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AuditTrail))
                .LogError(error, "the audit entry of {Method} {Path} could not be completed", context.Request.Method, context.Request.Path);
        }
    }
}
