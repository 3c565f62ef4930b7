using Engagement.Collectors;
using Engagement.Service.Deliveries;
using Engagement.Service.Hosting.Authentication;
using Engagement.Service.Hosting.Http;
using Engagement.Service.Pages;
using Engagement.Service.Security;

namespace Engagement.Service.Hosting;

/// <summary>The web service, built the same way by the <c>serve</c> verb and by WebApplicationFactory.</summary>
public static class EngagementWebApp
{
    /// <param name="args">Host settings as <c>--key=value</c> (the factory's), or none.</param>
    /// <param name="configure">Last changes before the app is built (the serve verb's --db, --urls).</param>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        DefaultSettings.AddTo(builder.Configuration);
        builder.AddStore();
        builder.AddCollectors();
        builder.AddReports();
        builder.AddReportJson();
        builder.AddDeliveries();
        builder.AddProblemDetailsHandling();
        builder.AddApiKeyAuthentication();
        builder.AddProxySupport();
        builder.AddTelemetry();
        builder.AddOpenApiDocument();
        builder.AddApiHttp();
        builder.AddPages();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseApiHttpOuter();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseApiHttpInner();
        app.UseAuthentication();
        app.UseAuditTrail();
        app.UseAuthenticationBeforeContentType();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapEngagement();
        app.MapTelemetry();
        return app;
    }
}
