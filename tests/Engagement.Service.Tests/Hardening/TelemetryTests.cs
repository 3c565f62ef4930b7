using System.Net;
using Engagement.Service.Tests.Infrastructure;

namespace Engagement.Service.Tests.Hardening;

/// <summary>Issue 12, item 10: OpenTelemetry metrics on a Prometheus endpoint when enabled.</summary>
public class TelemetryTests : ApiFixture
{
    protected override EngagementFactory CreateFactory() => new(settings: new Dictionary<string, string> { ["Telemetry:Enabled"] = "true" });

    [Test]
    public async Task Metrics_cover_requests_imports_and_scoring()
    {
        Assert.That((await Reader.GetAsync("/api/v1/reports/brands/pixel-nord?from=2026-10-01&to=2026-11-01")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // The exporter caches a scrape briefly; the metrics of the calls above are in the next one.
        string text = "";
        for (var attempt = 0; attempt < 20 && !text.Contains("engagement_scoring_duration", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(attempt == 0 ? 0 : 500);
            var response = await Anonymous.GetAsync("/metrics");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            text = await response.Content.ReadAsStringAsync();
        }

        Assert.That(text, Does.Contain("engagement_import_rows").And.Contain("engagement_scoring_duration").And.Contain("http_server_request_duration"));
    }
}

/// <summary>Off by default: no endpoint.</summary>
public class TelemetryOffTests : ApiFixture
{
    [Test]
    public async Task Metrics_endpoint_is_absent_by_default()
    {
        var response = await Reader.GetAsync("/metrics");
        Assert.That(response.StatusCode, Is.Not.EqualTo(HttpStatusCode.OK));
    }
}
