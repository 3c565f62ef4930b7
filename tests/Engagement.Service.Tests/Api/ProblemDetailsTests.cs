using System.Net;
using System.Text;
using Engagement.Service.Tests.Infrastructure;

namespace Engagement.Service.Tests.Api;

public class ProblemDetailsTests : ApiFixture
{
    public static readonly string[] ReportRoutes =
    [
        "/api/v1/reports/brands/pixel-nord",
        "/api/v1/reports/compare?brands=pixel-nord",
        "/api/v1/reports/brands/pixel-nord/trend",
        "/api/v1/benchmarks",
    ];

    private static readonly (string Query, string Parameter)[] BadParameters =
    [
        ("from=2026-1-01", "from"),
        ("from=yesterday", "from"),
        ("to=2026-02-30", "to"),
        ("from=2026-10-01&to=2026-10-01", "from"),
        ("from=2026-10-02&to=2026-10-01", "from"),
        ("benchmark=everyone", "benchmark"),
        ("benchmark=peers:", "benchmark"),
        ("minEffort=-1", "minEffort"),
    ];

    public static IEnumerable<TestCaseData> BadReportRequests() =>
        from route in ReportRoutes
        from bad in BadParameters
        select new TestCaseData(route, bad.Query, bad.Parameter).SetArgDisplayNames(route, bad.Query);

    [TestCaseSource(nameof(BadReportRequests))]
    public async Task Bad_report_parameter_is_a_400_naming_it(string route, string query, string parameter)
    {
        var separator = route.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var problem = await Problems.AssertInvalidAsync(await Reader.GetAsync($"{route}{separator}{query}"), parameter);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain(parameter));
    }

    [Test]
    public async Task Unknown_brand_report_is_a_404_problem()
    {
        var problem = await Problems.AssertAsync(await Reader.GetAsync("/api/v1/reports/brands/ghost"), HttpStatusCode.NotFound);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("ghost"));
    }

    [Test]
    public async Task Malformed_json_body_is_a_400_naming_the_body()
    {
        var response = await Admin.PutAsync("/api/v1/peer-sets/broken", new StringContent("{ \"brands\": [", Encoding.UTF8, "application/json"));
        var problem = await Problems.AssertInvalidAsync(response, "body");
        Assert.That(problem.GetProperty("detail").GetString(), Does.StartWith("malformed JSON body"));
    }

    [Test]
    public async Task Problem_carries_the_request_path_and_a_trace_id()
    {
        var problem = await Problems.AssertAsync(await Reader.GetAsync("/api/v1/brands/ghost"), HttpStatusCode.NotFound);
        Assert.That(problem.GetProperty("instance").GetString(), Is.EqualTo("/api/v1/brands/ghost"));
        Assert.That(problem.GetProperty("traceId").GetString(), Is.Not.Empty);
    }
}
