using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Engagement.Service.Tests.Infrastructure;

namespace Engagement.Service.Tests.Api;

public class AuthTests : ApiFixture
{
    public enum Credential
    {
        Missing,
        Wrong,
        Revoked,
    }

    /// <summary>A route that changes the store, with a body it would accept from an admin key.</summary>
    public sealed record WriteRoute(string Method, string Path, string? Body)
    {
        public override string ToString() => $"{Method} {Path}";
    }

    public static IEnumerable<WriteRoute> WriteRoutes() =>
    [
        new("POST", "/api/v1/brands", """{ "id": "auth-brand", "name": "Auth" }"""),
        new("DELETE", "/api/v1/brands/pixel-nord", null),
        new("PUT", "/api/v1/brands/pixel-nord/accounts/x", """{ "handle": "pixelnord" }"""),
        new("DELETE", "/api/v1/brands/pixel-nord/accounts/mastodon", null),
        new("PUT", "/api/v1/peer-sets/auth-set", """{ "brands": ["pixel-nord"] }"""),
        new("DELETE", "/api/v1/peer-sets/auth-set", null),
        new("POST", "/api/v1/imports", "multipart"),
    ];

    public static IEnumerable<string> ReadRoutes() =>
    [
        "/api/v1/brands",
        "/api/v1/brands/pixel-nord",
        "/api/v1/peer-sets",
        "/api/v1/reports/brands/pixel-nord",
        "/api/v1/reports/compare?brands=pixel-nord,plateau-pixels",
        "/api/v1/reports/brands/pixel-nord/trend",
        "/api/v1/benchmarks",
    ];

    [Test]
    public async Task Write_route_without_a_valid_key_is_a_401_with_a_bearer_challenge(
        [ValueSource(nameof(WriteRoutes))] WriteRoute route, [Values] Credential credential)
    {
        var response = await SendAsync(ClientFor(credential), route);
        await Problems.AssertAsync(response, HttpStatusCode.Unauthorized);
        Assert.That(response.Headers.WwwAuthenticate.Select(h => h.Scheme), Does.Contain("Bearer"));
    }

    [TestCaseSource(nameof(WriteRoutes))]
    public async Task Write_route_with_a_read_key_is_a_403_and_changes_nothing(WriteRoute route)
    {
        await Problems.AssertAsync(await SendAsync(Reader, route), HttpStatusCode.Forbidden);
        var brand = await Reader.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/brands/pixel-nord");
        Assert.That(brand.GetProperty("accounts").GetArrayLength(), Is.EqualTo(3), "pixel-nord and its accounts are still there");
        Assert.That((await Reader.GetAsync("/api/v1/brands/auth-brand")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Read_route_without_a_valid_key_is_a_401([ValueSource(nameof(ReadRoutes))] string path, [Values] Credential credential)
    {
        await Problems.AssertAsync(await ClientFor(credential).GetAsync(path), HttpStatusCode.Unauthorized);
    }

    [TestCaseSource(nameof(ReadRoutes))]
    public async Task Read_route_with_a_read_key_is_200(string path)
    {
        var response = await Reader.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Key_in_the_X_Api_Key_header_is_accepted()
    {
        using var client = Client(null);
        client.DefaultRequestHeaders.Add("X-Api-Key", ReadKey);
        Assert.That((await client.GetAsync("/api/v1/brands")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Sign_in_cookie_is_not_accepted_by_the_api()
    {
        using var client = Client(null);
        client.DefaultRequestHeaders.Add("Cookie", $"engagement_session={ReadKey}");
        await Problems.AssertAsync(await client.GetAsync("/api/v1/brands"), HttpStatusCode.Unauthorized);
    }

    private HttpClient ClientFor(Credential credential) => credential switch
    {
        Credential.Missing => Anonymous,
        Credential.Wrong => Client(Security.ApiKeySecrets.Generate()),
        _ => Client(RevokedKey),
    };

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, WriteRoute route)
    {
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path);
        if (route.Body == "multipart")
        {
            var form = new MultipartFormDataContent();
            form.Add(new StringContent("brand,name,industry\nauth-brand,Auth,\n"), "brands", "brands.csv");
            request.Content = form;
        }
        else if (route.Body is not null)
        {
            request.Content = new StringContent(route.Body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        return await client.SendAsync(request);
    }
}
