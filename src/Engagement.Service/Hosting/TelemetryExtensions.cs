using Engagement.Data;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Engagement.Service.Hosting;

/// <summary>OpenTelemetry (section <c>Telemetry</c>), off by default.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Collect metrics and traces: requests, imports, collector runs, 429s, scoring time.</summary>
    public bool Enabled { get; set; }

    /// <summary>Where Prometheus scrapes the metrics (no key needed: expose it to the scraper only). Default /metrics.</summary>
    public string MetricsPath { get; set; } = "/metrics";

    /// <summary>An OTLP collector to send traces and metrics to, e.g. http://otel-collector:4317; none by default.</summary>
    public string? OtlpEndpoint { get; set; }
}

public static class TelemetryExtensions
{
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.AddSingleton(options);
        if (!options.Enabled)
        {
            return builder;
        }

        var otlp = string.IsNullOrWhiteSpace(options.OtlpEndpoint) ? null : new Uri(options.OtlpEndpoint);
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(EngagementTelemetry.Name).AddAspNetCoreInstrumentation().AddPrometheusExporter();
                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(exporter => exporter.Endpoint = otlp);
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(EngagementTelemetry.Name).AddAspNetCoreInstrumentation();
                if (otlp is not null)
                {
                    tracing.AddOtlpExporter(exporter => exporter.Endpoint = otlp);
                }
            });
        return builder;
    }

    /// <summary>The Prometheus endpoint, when telemetry is on.</summary>
    public static WebApplication MapTelemetry(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<TelemetryOptions>();
        if (options.Enabled)
        {
            app.MapPrometheusScrapingEndpoint(options.MetricsPath).AllowAnonymous();
        }

        return app;
    }
}
