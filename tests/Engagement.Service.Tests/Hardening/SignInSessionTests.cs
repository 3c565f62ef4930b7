using System.Net;
using Engagement.Data.Store.Repositories;
using Engagement.Service.Security;
using Engagement.Service.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Engagement.Service.Tests.Hardening;

/// <summary>
/// Issue 12, item 7: the sign-in cookie is a server-side session, not the key; it ends on sign-out,
/// at expiry and when its key is revoked; returnUrl is local only; Secure behind a known TLS proxy.
/// Before, the cookie was the raw API key, valid until the key was revoked, and "/\t/host" redirected off-site.
/// </summary>
public class SignInSessionTests : ApiFixture
{
    [Test]
    public async Task Cookie_is_a_random_session_id_not_the_key()
    {
        using var browser = Browser();
        var signedIn = await SignInAsync(browser, ReadKey, "/");
        var cookie = SessionCookie(signedIn)!;
        var value = cookie.Split(';')[0].Split('=', 2)[1];
        Assert.Multiple(() =>
        {
            Assert.That(value, Is.Not.EqualTo(ReadKey).And.Not.Contain(ReadKey));
            Assert.That(value, Has.Length.GreaterThanOrEqualTo(40));
            Assert.That(cookie, Does.Contain("expires=").IgnoreCase);
        });

        // The key itself in the cookie opens nothing.
        using var forged = Client(null);
        forged.DefaultRequestHeaders.Add("Cookie", $"engagement_session={ReadKey}");
        Assert.That((await forged.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task Signed_out_session_cannot_be_replayed()
    {
        using var browser = Browser();
        var value = SessionCookie(await SignInAsync(browser, ReadKey, "/"))!.Split(';')[0];
        await SignInForm.SignOutAsync(browser);

        using var replay = Client(null);
        replay.DefaultRequestHeaders.Add("Cookie", value);
        Assert.That((await replay.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task Revoking_the_key_ends_its_sessions()
    {
        var keys = Factory.Services.GetRequiredService<ApiKeyRepository>();
        var secret = ApiKeySecrets.Generate();
        await keys.InsertAsync("session-revoked", ApiKeyGrant.Viewer, ApiKeySecrets.Hash(secret));
        using var browser = Browser();
        await SignInAsync(browser, secret, "/");
        Assert.That((await browser.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await keys.RevokeAsync(WorkspaceRepository.Default, "session-revoked");

        Assert.That((await browser.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [TestCase("/\t/evil.example/")]
    [TestCase("/\n/evil.example/")]
    [TestCase("/\r\nSet-Cookie: a=b")]
    [TestCase("/é")]
    [TestCase("/ /evil.example")]
    [TestCase("/\\/evil.example")]
    public async Task Return_url_that_is_not_a_plain_local_path_goes_home(string returnUrl)
    {
        using var browser = Browser();
        var response = await SignInAsync(browser, ReadKey, returnUrl);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/"));
    }

    [TestCase("127.0.0.1", null, true)]
    [TestCase("203.0.113.9", null, false)]
    [TestCase("203.0.113.9", "203.0.113.9", true)]
    public async Task Cookie_is_secure_when_a_known_proxy_says_https(string remote, string? knownProxy, bool secure)
    {
        using var factory = Factory.WithWebHostBuilder(builder =>
        {
            if (knownProxy is not null)
            {
                builder.UseSetting("ForwardedHeaders:KnownProxies:0", knownProxy);
            }

            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new RemoteAddress(IPAddress.Parse(remote))));
        });
        using var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        browser.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        var cookie = SessionCookie(await SignInAsync(browser, ReadKey, "/"));

        Assert.That(cookie, secure ? Does.Contain("secure").IgnoreCase : Does.Not.Contain("secure").IgnoreCase);
    }

    private static string? SessionCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.SingleOrDefault(c => c.StartsWith("engagement_session=", StringComparison.Ordinal)) : null;

    private HttpClient Browser() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static Task<HttpResponseMessage> SignInAsync(HttpClient browser, string key, string returnUrl) =>
        SignInForm.PostAsync(browser, key, returnUrl);

    /// <summary>Makes the test server's requests come from <paramref name="address"/>, as a proxy's would.</summary>
    private sealed class RemoteAddress(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
