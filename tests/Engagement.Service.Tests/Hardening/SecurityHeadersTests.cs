using System.Net;
using System.Text;
using Engagement.Service.Tests.Infrastructure;

namespace Engagement.Service.Tests.Hardening;

/// <summary>
/// Issue 12, item 9: security headers on every response, no inline script or style, no-store on
/// authenticated pages, and authentication before content-type and method checks.
/// </summary>
public class SecurityHeadersTests : ApiFixture
{
    [TestCase("/", true)]
    [TestCase("/signin", false)]
    [TestCase("/reports/brands/pixel-nord.html?from=2026-10-01&to=2026-11-01", true)]
    [TestCase("/reports/brands/ghost.html", true)]
    [TestCase("/api/v1/brands", true)]
    [TestCase("/api/v1/brands", false)]
    [TestCase("/api/v1/nothing-here", true)]
    [TestCase("/health", false)]
    [TestCase("/openapi/v1.json", false)]
    public async Task Every_response_carries_the_security_headers(string path, bool withKey)
    {
        var response = await (withKey ? Reader : Anonymous).GetAsync(path);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Multiple(() =>
        {
            Assert.That(csp, Does.Contain("frame-ancestors 'none'").And.Not.Contain("unsafe-inline").And.Contain("default-src 'none'"));
            Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
            Assert.That(response.Headers.GetValues("Referrer-Policy").Single(), Is.EqualTo("no-referrer"));
        });
    }

    [TestCase("/")]
    [TestCase("/reports/brands/pixel-nord.html?from=2026-10-01&to=2026-11-01")]
    [TestCase("/reports/compare.html?brands=pixel-nord,mile-end-digital&from=2026-10-01&to=2026-11-01")]
    public async Task Authenticated_pages_are_no_store_and_have_no_inline_script_or_style(string path)
    {
        var response = await Reader.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
            Assert.That(html, Does.Not.Contain("<script").And.Not.Contain("<style").And.Not.Contain(" style=").And.Not.Match(" on[a-z]+="));
            Assert.That(html, Does.Match("<link rel=\"stylesheet\" href=\"/assets/site.css\" ?/?>"));
        });
    }

    [Test]
    public async Task Stylesheet_is_served_as_css_without_a_key()
    {
        var response = await Anonymous.GetAsync("/assets/site.css");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/css"));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(".legend"));
    }

    [Test]
    public async Task Without_a_key_a_wrong_content_type_or_method_is_a_401_not_a_415_or_405()
    {
        var json = await Anonymous.PostAsync("/api/v1/imports", new StringContent("{}", Encoding.UTF8, "application/json"));
        var text = await Anonymous.PostAsync("/api/v1/brands", new StringContent("id=x", Encoding.UTF8, "text/plain"));
        var patch = await Anonymous.PatchAsync("/api/v1/brands", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Multiple(() =>
        {
            Assert.That(json.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(text.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(patch.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [Test]
    public async Task With_a_key_a_wrong_content_type_is_still_a_415()
    {
        var json = await Admin.PostAsync("/api/v1/imports", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.That(json.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
    }
}
