using CsCheck;
using Engagement.Service.Tests.Infrastructure;

namespace Engagement.Service.Tests.Hardening;

/// <summary>
/// Issue 12, item 11: every query parameter of every read route and page, given any string,
/// gets a 2xx, 3xx or 4xx: never a 5xx. Before, from=1000-01-01&amp;to=2096-01-01 alone was a 500.
/// </summary>
public class QueryFuzzTests : ApiFixture
{
    private static readonly string[] Routes =
    [
        "/api/v1/reports/brands/pixel-nord",
        "/api/v1/reports/compare",
        "/api/v1/reports/brands/pixel-nord/trend",
        "/api/v1/benchmarks",
        "/api/v1/brands",
        "/api/v1/peer-sets",
        "/api/v1/collectors",
        "/reports/brands/pixel-nord.html",
        "/reports/compare.html",
        "/",
    ];

    private static readonly string[] Parameters = ["from", "to", "benchmark", "minEffort", "minUserPosts", "format", "brands", "granularity", "network", "brand"];

    // Dates near and far, numbers at the edges, and any characters at all.
    private static readonly Gen<string> Value = Gen.OneOf(
        Gen.String,
        Gen.OneOf("0001-01-01", "9999-12-31", "1000-01-01", "2096-01-01", "2026-02-29", "2024-02-29", "2026-10-01", "2026-11-01", "1999-12-31"),
        Gen.Select(Gen.Int[1, 9999], Gen.Int[0, 13], Gen.Int[0, 32], (y, m, d) => $"{y:D4}-{m:D2}-{d:D2}"),
        Gen.OneOf("-1", "0", "2147483647", "2147483648", "-2147483649", "99999999999999999999", "1e9", "NaN"),
        Gen.OneOf("all", "industry", "industry:", "peers:", "peers:nope", "industry:agency", "csv", "json", "week", "month", "pixel-nord,ghost", ",,,"),
        Gen.String[Gen.Char, 0, 5000]);

    private static readonly Gen<(string Route, (string Name, string Value)[] Query)> Requests = Gen.Select(
        Gen.OneOf(Routes),
        Gen.Select(Gen.OneOf(Parameters), Value).Array[0, 5]);

    [Test]
    public void Any_query_string_is_never_a_5xx()
    {
        Requests.Sample(request =>
        {
            var query = string.Join('&', request.Query.Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value)}"));
            var url = $"{request.Route}?{query}";
            using var response = Reader.GetAsync(url).GetAwaiter().GetResult();
            Assert.That((int)response.StatusCode, Is.LessThan(500), url);
        }, iter: 600, threads: 1);
    }

    [Test]
    public void Any_route_value_is_never_a_5xx()
    {
        Gen.Select(Gen.OneOf("/api/v1/reports/brands/{0}", "/api/v1/brands/{0}", "/reports/brands/{0}.html", "/api/v1/peer-sets/{0}"), Gen.String[Gen.Char, 1, 300])
            .Sample((template, value) =>
            {
                var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Uri.EscapeDataString(value));
                using var response = Reader.GetAsync(url).GetAwaiter().GetResult();
                Assert.That((int)response.StatusCode, Is.LessThan(500), url);
            }, iter: 300, threads: 1);
    }
}
