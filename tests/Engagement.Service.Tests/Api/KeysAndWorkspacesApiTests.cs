using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Engagement.Service.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Engagement.Service.Tests.Api;

/// <summary>/api/v1/keys, /api/v1/workspaces and /api/v1/audit as a client uses them.</summary>
public class KeysAndWorkspacesApiTests : ApiFixture
{
    private const string Agency = "keys-agency";
    private HttpClient _owner = null!;

    [OneTimeSetUp]
    public async Task CreateAgencyAsync()
    {
        await ReadAsync(await Admin.PostAsJsonAsync("/api/v1/workspaces", new { name = Agency }), HttpStatusCode.Created);
        var owner = await ReadAsync(await Admin.PostAsJsonAsync("/api/v1/keys", new { name = "owner", role = "owner", workspace = Agency }), HttpStatusCode.Created);
        _owner = Client(owner.GetProperty("secret").GetString());
        await ReadAsync(await _owner.PostAsJsonAsync("/api/v1/brands", new { id = "keys-client", name = "Client" }), HttpStatusCode.Created);
    }

    [OneTimeTearDown]
    public void DisposeOwner() => _owner.Dispose();

    [Test]
    public async Task A_created_key_shows_its_secret_once_works_and_stops_at_once_when_revoked()
    {
        var created = await ReadAsync(await _owner.PostAsJsonAsync("/api/v1/keys", new { name = "dashboard", role = "viewer" }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        var secret = created.GetProperty("secret").GetString()!;
        Assert.That(secret, Does.StartWith("eng_"));

        using var dashboard = Client(secret);
        Assert.That((await dashboard.GetAsync("/api/v1/brands")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var shown = await ReadAsync(await _owner.GetAsync($"/api/v1/keys/{id}"), HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(shown.TryGetProperty("secret", out _), Is.False, "never shown again");
            Assert.That(shown.GetProperty("workspace").GetString(), Is.EqualTo(Agency));
            Assert.That(shown.GetProperty("role").GetString(), Is.EqualTo("viewer"));
            Assert.That(shown.GetProperty("lastUsedAt").ValueKind, Is.EqualTo(JsonValueKind.String), "its use was recorded");
        });
        var listed = await ReadAsync(await _owner.GetAsync("/api/v1/keys"), HttpStatusCode.OK);
        Assert.That(listed.ToString(), Does.Not.Contain(secret));

        Assert.That((await _owner.DeleteAsync($"/api/v1/keys/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await Problems.AssertAsync(await dashboard.GetAsync("/api/v1/brands"), HttpStatusCode.Unauthorized);
        Assert.That((await _owner.DeleteAsync($"/api/v1/keys/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "revoking again changes nothing");
    }

    [Test]
    public async Task A_revocation_on_one_instance_holds_at_once_on_another()
    {
        using var other = new EngagementFactory(store: Factory.DatabasePath);
        var created = await ReadAsync(await _owner.PostAsJsonAsync("/api/v1/keys", new { name = "two-instances", role = "viewer" }), HttpStatusCode.Created);
        using var there = other.CreateClient();
        there.DefaultRequestHeaders.Authorization = new("Bearer", created.GetProperty("secret").GetString());
        Assert.That((await there.GetAsync("/api/v1/brands")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        Assert.That((await _owner.DeleteAsync($"/api/v1/keys/{created.GetProperty("id").GetInt64()}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        Assert.That((await there.GetAsync("/api/v1/brands")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task An_expired_key_is_refused()
    {
        var expiry = DateTimeOffset.UtcNow.AddSeconds(2);
        var created = await ReadAsync(await _owner.PostAsJsonAsync("/api/v1/keys", new { name = "short-lived", role = "viewer", expiresAt = expiry }), HttpStatusCode.Created);
        using var key = Client(created.GetProperty("secret").GetString());
        Assert.That((await key.GetAsync("/api/v1/brands")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await Task.Delay(expiry - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));
        var refused = await Problems.AssertAsync(await key.GetAsync("/api/v1/brands"), HttpStatusCode.Unauthorized);
        Assert.That(refused.GetProperty("detail").GetString(), Does.Contain("expired"));
        await Problems.AssertInvalidAsync(
            await _owner.PostAsJsonAsync("/api/v1/keys", new { name = "past", role = "viewer", expiresAt = DateTimeOffset.UtcNow.AddDays(-1) }), "expiresAt");
    }

    [Test]
    public async Task An_owner_cannot_escalate_reach_another_workspace_or_reuse_a_name()
    {
        await Problems.AssertAsync(await _owner.PostAsJsonAsync("/api/v1/keys", new { name = "root", role = "admin" }), HttpStatusCode.Forbidden);
        await Problems.AssertAsync(await _owner.PostAsJsonAsync("/api/v1/keys", new { name = "spy", role = "owner", workspace = "default" }), HttpStatusCode.NotFound);
        await Problems.AssertInvalidAsync(await _owner.PostAsJsonAsync("/api/v1/keys", new { name = "boss", role = "editor", brands = new[] { "keys-client" } }), "brands");
        await Problems.AssertInvalidAsync(await _owner.PostAsJsonAsync("/api/v1/keys", new { name = "stranger", role = "viewer", brands = new[] { "pixel-nord" } }), "brands");
        await Problems.AssertInvalidAsync(await _owner.PostAsJsonAsync("/api/v1/keys", new { name = "who", role = "superuser" }), "role");
        await ReadAsync(await _owner.PostAsJsonAsync("/api/v1/keys", new { name = "twice", role = "viewer" }), HttpStatusCode.Created);
        await Problems.AssertAsync(await _owner.PostAsJsonAsync("/api/v1/keys", new { name = "twice", role = "editor" }), HttpStatusCode.Conflict);
        var keys = await ReadAsync(await _owner.GetAsync("/api/v1/keys?limit=1000"), HttpStatusCode.OK);
        Assert.That(keys.GetProperty("items").EnumerateArray().Select(k => k.GetProperty("workspace").GetString()).Distinct(), Is.EqualTo(new[] { Agency }),
            "an owner sees its workspace's keys only, never the server's admin keys");
    }

    [Test]
    public async Task Workspaces_are_the_admins_and_a_key_sees_its_own_only()
    {
        await Problems.AssertAsync(await _owner.GetAsync("/api/v1/workspaces"), HttpStatusCode.Forbidden);
        await Problems.AssertAsync(await _owner.PostAsJsonAsync("/api/v1/workspaces", new { name = "mine" }), HttpStatusCode.Forbidden);
        var own = await ReadAsync(await _owner.GetAsync($"/api/v1/workspaces/{Agency}"), HttpStatusCode.OK);
        var tracked = await ReadAsync(await _owner.GetAsync("/api/v1/brands?limit=1000"), HttpStatusCode.OK);
        Assert.That(own.GetProperty("brands").GetInt32(), Is.EqualTo(tracked.GetProperty("items").GetArrayLength()).And.GreaterThanOrEqualTo(1));
        await Problems.AssertAsync(await _owner.GetAsync("/api/v1/workspaces/default"), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await _owner.DeleteAsync($"/api/v1/workspaces/{Agency}"), HttpStatusCode.Forbidden);
        await Problems.AssertAsync(await Admin.PostAsJsonAsync("/api/v1/workspaces", new { name = Agency }), HttpStatusCode.Conflict);
        await Problems.AssertInvalidAsync(await Admin.PostAsJsonAsync("/api/v1/workspaces", new { name = "Not An Id" }), "name");
        await Problems.AssertInvalidAsync(await Admin.DeleteAsync("/api/v1/workspaces/default"), "name");

        await ReadAsync(await Admin.PostAsJsonAsync("/api/v1/workspaces", new { name = "short-term" }), HttpStatusCode.Created);
        var key = await ReadAsync(await Admin.PostAsJsonAsync("/api/v1/keys", new { name = "temp", role = "owner", workspace = "short-term" }), HttpStatusCode.Created);
        Assert.That((await Admin.DeleteAsync("/api/v1/workspaces/short-term")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        using var orphan = Client(key.GetProperty("secret").GetString());
        Assert.That((await orphan.GetAsync("/api/v1/brands")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "its keys went with it");
        var names = await ReadAsync(await Admin.GetAsync("/api/v1/workspaces"), HttpStatusCode.OK);
        Assert.That(names.GetProperty("items").EnumerateArray().Select(w => w.GetProperty("name").GetString()), Does.Contain("default").And.Contain(Agency).And.Not.Contain("short-term"));
    }

    [Test]
    public async Task The_audit_log_records_every_write_with_who_what_when_where_and_its_outcome()
    {
        // The requests come from a loopback proxy (TestServer has no peer address), so X-Forwarded-For is believed as behind a real one.
        using var proxied = Factory.WithWebHostBuilder(web => web.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new FromLoopback())));
        using var editorClient = proxied.CreateClient();
        editorClient.DefaultRequestHeaders.Authorization = new("Bearer", (await ReadAsync(
            await _owner.PostAsJsonAsync("/api/v1/keys", new { name = "audited-editor", role = "editor" }), HttpStatusCode.Created)).GetProperty("secret").GetString());
        using var viewer = Client((await ReadAsync(
            await _owner.PostAsJsonAsync("/api/v1/keys", new { name = "audited-viewer", role = "viewer" }), HttpStatusCode.Created)).GetProperty("secret").GetString());
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/brands") { Content = JsonContent.Create(new { id = "audited", name = "Audited" }) };
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        Assert.That((await editorClient.SendAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await viewer.DeleteAsync("/api/v1/brands/audited")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await editorClient.DeleteAsync("/api/v1/brands/nothing-here")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        await Problems.AssertAsync(await editorClient.GetAsync("/api/v1/audit"), HttpStatusCode.Forbidden);
        var page = await ReadAsync(await _owner.GetAsync("/api/v1/audit?limit=3"), HttpStatusCode.OK);
        var entries = page.GetProperty("items").EnumerateArray().ToList();
        Assert.That(entries.Select(e => (e.GetProperty("keyName").GetString(), e.GetProperty("action").GetString(), e.GetProperty("target").GetString(), e.GetProperty("status").GetInt32())),
            Is.EqualTo(new[]
            {
                ("audited-editor", "DELETE /api/v1/brands/{brand}", "/api/v1/brands/nothing-here", 404),
                ("audited-viewer", "DELETE /api/v1/brands/{brand}", "/api/v1/brands/audited", 403),
                ("audited-editor", "POST /api/v1/brands", "/api/v1/brands", 201),
            }), "newest first; refused attempts too");
        Assert.That(entries.All(e => e.GetProperty("workspace").GetString() == Agency && e.GetProperty("at").GetDateTimeOffset() >= before), Is.True);
        Assert.That(entries[2].GetProperty("remoteAddress").GetString(), Is.EqualTo("203.0.113.9"), "the client's address as the trusted proxy gave it");

        var next = page.GetProperty("next").GetString();
        Assert.That(next, Is.Not.Null);
        var older = await ReadAsync(await _owner.GetAsync(next), HttpStatusCode.OK);
        Assert.That(older.GetProperty("items")[0].GetProperty("id").GetInt64(), Is.LessThan(entries[2].GetProperty("id").GetInt64()));
        Assert.That((await ReadAsync(await Admin.GetAsync("/api/v1/audit?limit=1000"), HttpStatusCode.OK)).ToString(), Does.Contain("audited-editor"), "an admin reads every workspace's");
    }

    [Test]
    public async Task A_brand_another_workspace_tracks_keeps_its_data_against_a_workspace_key()
    {
        var tracked = await ReadAsync(await _owner.PostAsJsonAsync("/api/v1/brands", new { id = "pixel-nord", name = "Renamed", industry = "other" }), HttpStatusCode.Created);
        Assert.That((tracked.GetProperty("name").GetString(), tracked.GetProperty("industry").GetString()), Is.EqualTo(("Pixel Nord", "agency")),
            "the agency tracks it as the store has it");
        Assert.That((await Reader.GetFromJsonAsync<JsonElement>("/api/v1/brands/pixel-nord")).GetProperty("name").GetString(), Is.EqualTo("Pixel Nord"));
        await Problems.AssertAsync(await _owner.DeleteAsync("/api/v1/brands/pixel-nord/accounts/mastodon"), HttpStatusCode.Conflict);
        await Problems.AssertAsync(await _owner.PutAsJsonAsync("/api/v1/brands/pixel-nord/accounts/x", new { handle = "hijack" }), HttpStatusCode.Conflict);

        Assert.That((await _owner.DeleteAsync("/api/v1/brands/pixel-nord")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "the agency stops tracking it");
        var still = await Reader.GetFromJsonAsync<JsonElement>("/api/v1/brands/pixel-nord");
        Assert.That(still.GetProperty("accounts").GetArrayLength(), Is.EqualTo(3), "default still has it, with its accounts");
    }

    [Test]
    public async Task A_restricted_key_reads_its_brands_report_but_not_the_whole_benchmark()
    {
        using var client = Client((await ReadAsync(await Admin.PostAsJsonAsync("/api/v1/keys",
            new { name = "pixel-client", role = "viewer", brands = new[] { "pixel-nord" } }), HttpStatusCode.Created)).GetProperty("secret").GetString());
        var report = await ReadAsync(await client.GetAsync("/api/v1/reports/brands/pixel-nord"), HttpStatusCode.OK);
        var whole = await ReadAsync(await Admin.GetAsync("/api/v1/reports/brands/pixel-nord"), HttpStatusCode.OK);
        Assert.That(report.GetProperty("benchmarkBrands").GetInt32(), Is.EqualTo(whole.GetProperty("benchmarkBrands").GetInt32()).And.GreaterThanOrEqualTo(12),
            "scored against the whole benchmark");
        await Problems.AssertAsync(await client.GetAsync("/api/v1/reports/brands/plateau-pixels"), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await client.GetAsync("/api/v1/benchmarks"), HttpStatusCode.Forbidden);
        await Problems.AssertAsync(await client.GetAsync("/api/v1/benchmarks/download"), HttpStatusCode.Forbidden);
        var sets = await ReadAsync(await client.GetAsync("/api/v1/peer-sets"), HttpStatusCode.OK);
        Assert.That(sets.GetProperty("items").GetArrayLength(), Is.Zero);
    }

    private sealed class FromLoopback : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Loopback;
                return following(context);
            });
            next(app);
        };
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), text);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
