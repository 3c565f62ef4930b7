using System.Net;
using Engagement.Service.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Engagement.Service.Tests.Hardening;

/// <summary>
/// Issue 12, item 1: windows are bounded and their dates checked on every report route and page.
/// Before, from=0001-01-01&amp;to=9999-12-31 ran for minutes and gigabytes, and from=1000-01-01&amp;to=2096-01-01 overflowed (500).
/// </summary>
public class WindowLimitTests : ApiFixture
{
    private static readonly string[] ApiRoutes =
    [
        "/api/v1/reports/brands/pixel-nord?",
        "/api/v1/reports/compare?brands=pixel-nord,mile-end-digital&",
        "/api/v1/reports/brands/pixel-nord/trend?",
        "/api/v1/reports/brands/pixel-nord/trend?granularity=month&",
        "/api/v1/benchmarks?",
    ];

    private static readonly string[] Pages = ["/reports/brands/pixel-nord.html?", "/reports/compare.html?brands=pixel-nord,mile-end-digital&"];

    [Test]
    public async Task Window_out_of_range_or_too_long_is_a_400_naming_the_parameter(
        [ValueSource(nameof(ApiRoutes))] string route,
        [Values(
            "from=0001-01-01&to=9999-12-31|from",
            "from=1000-01-01&to=2096-01-01|from",
            "from=2020-01-01&to=2026-11-01|from",
            "to=9999-12-31|to",
            "from=1999-12-31|from",
            "from=2026-11-01&to=2100-01-01|to")] string window)
    {
        var (query, parameter) = (window.Split('|')[0], window.Split('|')[1]);
        var response = await Reader.GetAsync(route + query);
        await Problems.AssertInvalidAsync(response, parameter);
    }

    [Test]
    public async Task Page_with_a_window_out_of_range_is_a_400_page([ValueSource(nameof(Pages))] string page)
    {
        foreach (var query in new[] { "from=1000-01-01&to=2096-01-01", "from=0001-01-01&to=9999-12-31", "from=2020-01-01&to=2026-11-01" })
        {
            var response = await Reader.GetAsync(page + query);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), query);
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("out of range").Or.Contain("at most"), query);
        }
    }

    [Test]
    public async Task Trend_takes_two_years_where_a_report_takes_400_days()
    {
        const string Window = "from=2025-01-01&to=2026-11-01";
        var trend = await Reader.GetAsync($"/api/v1/reports/brands/pixel-nord/trend?granularity=month&{Window}");
        Assert.That(trend.StatusCode, Is.EqualTo(HttpStatusCode.OK), await trend.Content.ReadAsStringAsync());
        var problem = await Problems.AssertInvalidAsync(await Reader.GetAsync($"/api/v1/reports/brands/pixel-nord?{Window}"), "from");
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("at most 400 days").And.Contain("Reports:MaxWindowDays"));
    }
}

/// <summary>The limits come from configuration.</summary>
public class ConfiguredWindowLimitTests : ApiFixture
{
    protected override EngagementFactory CreateFactory() =>
        new(settings: new Dictionary<string, string> { ["Reports:MaxWindowDays"] = "10", ["Validation:EarliestInstant"] = "2026-10-01T00:00:00Z" });

    [Test]
    public async Task Configured_window_limit_and_earliest_date_apply()
    {
        var week = await Reader.GetAsync("/api/v1/reports/brands/pixel-nord?from=2026-10-20&to=2026-10-27");
        Assert.That(week.StatusCode, Is.EqualTo(HttpStatusCode.OK), await week.Content.ReadAsStringAsync());
        await Problems.AssertInvalidAsync(await Reader.GetAsync("/api/v1/reports/brands/pixel-nord?from=2026-10-01&to=2026-11-01"), "from");
        await Problems.AssertInvalidAsync(await Reader.GetAsync("/api/v1/reports/brands/pixel-nord?from=2026-09-30&to=2026-10-02"), "from");
    }

    protected override async Task SeedAsync(IServiceProvider services)
    {
        // The samples start before the configured earliest instant: those rows are refused, the rest kept.
        await services.GetRequiredService<Engagement.Data.Store.Import.DatasetImporter>().ImportAsync([Samples.Folder]);
    }
}
