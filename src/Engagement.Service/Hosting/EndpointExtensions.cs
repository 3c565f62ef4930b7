using Engagement.Service.Api;
using Engagement.Service.Hosting.Authentication;
using Engagement.Service.Pages;

namespace Engagement.Service.Hosting;

public static class EndpointExtensions
{
    public const string ApiPrefix = "/api/v1";

    /// <summary>
    /// The routes: <c>/health</c>, <c>/openapi/v1.json</c>, the API under <c>/api/v1</c> (every
    /// route needs a key; each route's role is in docs/authorisation.md) and the HTML pages.
    /// </summary>
    public static WebApplication MapEngagement(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapHealth();

        var api = app.MapGroup(ApiPrefix)
            .RequireAuthorization(ApiKeyDefaults.ReadPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .RequireAcceptable();
        api.MapBrands();
        api.MapAccountList();
        api.MapPeerSets();
        api.MapImports();
        api.MapReports();
        api.MapBenchmarks();
        api.MapCollectors();
        api.MapSchedules();
        api.MapAlertRules();
        api.MapDeliveries();
        api.MapKeys();
        api.MapWorkspaces();
        api.MapAudit();

        app.MapPages();
        return app;
    }
}
