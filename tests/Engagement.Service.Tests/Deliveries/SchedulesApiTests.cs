using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Engagement.Data.Store.Deliveries;
using Engagement.Domain.Scheduling;
using Engagement.Service.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Engagement.Service.Tests.Deliveries;

/// <summary><c>/api/v1/schedules</c>, <c>/api/v1/alert-rules</c> and <c>/api/v1/deliveries</c> over HTTP.</summary>
public class SchedulesApiTests : ApiFixture
{
    private const string Valid = """
        {"name":"NAME","cadence":"monthly","timeZone":"America/Montreal","hour":7,"brands":["pixel-nord","mile-end-digital"],
         "benchmark":"industry","formats":["pdf"],"webhookUrl":"https://hooks.agency.example/engagement"}
        """;

    [Test]
    public async Task A_schedule_is_created_with_its_secret_once_then_read_listed_and_deleted()
    {
        using var created = await PostAsync("/api/v1/schedules", Valid.Replace("NAME", "monthly-client", StringComparison.Ordinal));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var schedule = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = schedule.GetProperty("id").GetInt64();
        var expectedNext = ScheduleCalendar.NextDue(Cadence.Monthly, ScheduleCalendar.Zone("America/Montreal"), 7, DateTimeOffset.UtcNow).DueAt;
        Assert.Multiple(() =>
        {
            Assert.That(created.Headers.Location?.ToString(), Is.EqualTo($"/api/v1/schedules/{id}"));
            Assert.That(schedule.GetProperty("signingSecret").GetString(), Does.StartWith("whsec_"));
            Assert.That(schedule.GetProperty("workspace").GetString(), Is.EqualTo("default"));
            Assert.That(schedule.GetProperty("formats").EnumerateArray().Select(f => f.GetString()), Is.EqualTo(new[] { "pdf" }));
            Assert.That(schedule.GetProperty("nextRunAt").GetDateTimeOffset(), Is.EqualTo(expectedNext));
        });

        var read = await Reader.GetFromJsonAsync<JsonElement>($"/api/v1/schedules/{id}");
        Assert.That(read.GetProperty("signingSecret").ValueKind, Is.EqualTo(JsonValueKind.Null), "the secret is shown once");
        var list = await Reader.GetFromJsonAsync<JsonElement>("/api/v1/schedules?limit=1000");
        Assert.That(list.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetInt64()), Does.Contain(id));

        Assert.That((await Admin.DeleteAsync($"/api/v1/schedules/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await Problems.AssertAsync(await Reader.GetAsync($"/api/v1/schedules/{id}"), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await Admin.DeleteAsync($"/api/v1/schedules/{id}"), HttpStatusCode.NotFound);
    }

    [TestCase("\"cadence\":\"monthly\"", "\"cadence\":\"daily\"", "cadence")]
    [TestCase("\"timeZone\":\"America/Montreal\"", "\"timeZone\":\"Mars/Olympus_Mons\"", "timeZone")]
    [TestCase("\"hour\":7", "\"hour\":24", "hour")]
    [TestCase("[\"pixel-nord\",\"mile-end-digital\"]", "[]", "brands")]
    [TestCase("[\"pixel-nord\",\"mile-end-digital\"]", "[\"ghost-brand\"]", "brands")]
    [TestCase("[\"pdf\"]", "[\"docx\"]", "formats")]
    [TestCase("\"industry\"", "\"peers:\"", "benchmark")]
    [TestCase("\"industry\"", "\"peers:no-such-set\"", "benchmark")]
    [TestCase("https://hooks.agency.example/engagement", "ftp://hooks.agency.example/x", "webhookUrl")]
    [TestCase("https://hooks.agency.example/engagement", "https://user:pass@hooks.agency.example/x", "webhookUrl")]
    [TestCase("\"webhookUrl\":\"https://hooks.agency.example/engagement\"", "\"emails\":[\"client@agency.example\"]", "emails")]
    [TestCase("\"webhookUrl\":\"https://hooks.agency.example/engagement\"", "\"emails\":[]", "webhookUrl")]
    [TestCase("\"name\":\"bad-name\"", "\"name\":\"Not An Id\"", "name")]
    public async Task A_bad_schedule_field_is_a_400_naming_it_on_create_and_on_edit(string valid, string bad, string field)
    {
        var name = field == "name" ? "bad-name" : $"bad-{field.ToLowerInvariant()}-{bad.Length}";
        var body = Valid.Replace("NAME", name, StringComparison.Ordinal).Replace(valid, bad, StringComparison.Ordinal);
        Assert.That(body, Does.Contain(bad));
        await Problems.AssertInvalidAsync(await PostAsync("/api/v1/schedules", body), field);

        using var created = await PostAsync("/api/v1/schedules", Valid.Replace("NAME", name, StringComparison.Ordinal));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await Problems.AssertInvalidAsync(await PutAsync($"/api/v1/schedules/{id}", body), field);
        var unchanged = await Reader.GetFromJsonAsync<JsonElement>($"/api/v1/schedules/{id}");
        Assert.That((unchanged.GetProperty("cadence").GetString(), unchanged.GetProperty("hour").GetInt32()), Is.EqualTo(("monthly", 7)), "a refused edit changes nothing");
    }

    [Test]
    public async Task A_schedule_is_edited_in_place_keeping_its_id_secret_and_runs_with_its_next_run_recomputed()
    {
        var (id, _, _) = await SeedDeliveriesAsync(Admin, Factory.Services, "edit");
        var store = Factory.Services.GetRequiredService<ScheduleRepository>();
        var before = await store.GetAsync("default", long.Parse(id, System.Globalization.CultureInfo.InvariantCulture));

        using var edited = await PutAsync($"/api/v1/schedules/{id}", """
            {"name":"schedule-edited","cadence":"weekly","timeZone":"Asia/Tokyo","hour":9,"brands":["mile-end-digital","pixel-nord"],
             "formats":["csv"],"webhookUrl":"https://hooks.agency.example/edited"}
            """);
        Assert.That(edited.StatusCode, Is.EqualTo(HttpStatusCode.OK), await edited.Content.ReadAsStringAsync());
        var schedule = await edited.Content.ReadFromJsonAsync<JsonElement>();
        var expectedNext = ScheduleCalendar.NextDue(Cadence.Weekly, ScheduleCalendar.Zone("Asia/Tokyo"), 9, DateTimeOffset.UtcNow).DueAt;
        var after = await store.GetAsync("default", before!.Id);
        var runs = await Reader.GetFromJsonAsync<JsonElement>($"/api/v1/schedules/{id}/runs");
        var audit = await Admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?limit=5");
        Assert.Multiple(() =>
        {
            Assert.That(schedule.GetProperty("id").GetInt64(), Is.EqualTo(before.Id));
            Assert.That(schedule.GetProperty("name").GetString(), Is.EqualTo("schedule-edited"));
            Assert.That(schedule.GetProperty("cadence").GetString(), Is.EqualTo("weekly"));
            Assert.That(schedule.GetProperty("brands").EnumerateArray().Select(b => b.GetString()), Is.EqualTo(new[] { "mile-end-digital", "pixel-nord" }));
            Assert.That(schedule.GetProperty("benchmark").GetString(), Is.EqualTo("all"), "an omitted field takes create's default");
            Assert.That(schedule.GetProperty("webhookUrl").GetString(), Is.EqualTo("https://hooks.agency.example/edited"));
            Assert.That(schedule.GetProperty("nextRunAt").GetDateTimeOffset(), Is.EqualTo(expectedNext), "as creating it now would say");
            Assert.That(schedule.GetProperty("signingSecret").ValueKind, Is.EqualTo(JsonValueKind.Null), "the secret is shown once, at creation");
            Assert.That(schedule.GetProperty("createdAt").GetDateTimeOffset(), Is.EqualTo(before.CreatedAt));
            Assert.That(after!.SigningSecret, Is.EqualTo(before.SigningSecret), "the receiver's secret still verifies");
            Assert.That(runs.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("period").GetString()), Is.EqualTo(new[] { "2026-10" }), "its runs stay");
            Assert.That(audit.GetProperty("items").EnumerateArray().Select(e => (e.GetProperty("action").GetString(), e.GetProperty("target").GetString(), e.GetProperty("status").GetInt32())),
                Does.Contain(("PUT /api/v1/schedules/{id}", $"/api/v1/schedules/{id}", 200)));
        });
    }

    [Test]
    public async Task Editing_a_schedule_needs_an_editor_key_a_free_name_and_an_existing_id()
    {
        var (id, _, _) = await SeedDeliveriesAsync(Admin, Factory.Services, "guarded");
        var body = Valid.Replace("NAME", "guarded-new", StringComparison.Ordinal);
        await Problems.AssertAsync(await PutAsync($"/api/v1/schedules/{id}", body, Reader), HttpStatusCode.Forbidden);
        await Problems.AssertAsync(await PutAsync("/api/v1/schedules/999999", body), HttpStatusCode.NotFound);
        Assert.That((await PostAsync("/api/v1/schedules", Valid.Replace("NAME", "guarded-taken", StringComparison.Ordinal))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var taken = await Problems.AssertAsync(await PutAsync($"/api/v1/schedules/{id}", Valid.Replace("NAME", "guarded-taken", StringComparison.Ordinal)), HttpStatusCode.BadRequest);
        Assert.That(taken.GetProperty("detail").GetString(), Does.Contain("already exists"));
        using var same = await PutAsync($"/api/v1/schedules/{id}", Valid.Replace("NAME", "schedule-guarded", StringComparison.Ordinal));
        Assert.That(same.StatusCode, Is.EqualTo(HttpStatusCode.OK), "its own name is free to keep");
    }

    [Test]
    public async Task An_alert_rule_is_edited_in_place_keeping_what_it_fired_and_checked_as_on_create()
    {
        var (_, ruleId, _) = await SeedDeliveriesAsync(Admin, Factory.Services, "edit-rule");
        var rules = Factory.Services.GetRequiredService<AlertRepository>();
        var rule = await rules.GetAsync("default", long.Parse(ruleId, System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(await rules.FireAsync(rule!, "pixel-nord:2026-10-26", "{}", []), Is.True);

        using var edited = await PutAsync($"/api/v1/alert-rules/{ruleId}", """
            {"name":"rule-edited","kind":"overtaken","brand":"pixel-nord","competitors":["mile-end-digital"],"webhookUrl":"https://hooks.agency.example/edited"}
            """);
        Assert.That(edited.StatusCode, Is.EqualTo(HttpStatusCode.OK), await edited.Content.ReadAsStringAsync());
        var read = await edited.Content.ReadFromJsonAsync<JsonElement>();
        var after = await rules.GetAsync("default", rule!.Id);
        Assert.Multiple(() =>
        {
            Assert.That(read.GetProperty("id").GetInt64(), Is.EqualTo(rule.Id));
            Assert.That((read.GetProperty("name").GetString(), read.GetProperty("kind").GetString()), Is.EqualTo(("rule-edited", "overtaken")));
            Assert.That(read.GetProperty("competitors").EnumerateArray().Select(c => c.GetString()), Is.EqualTo(new[] { "mile-end-digital" }));
            Assert.That(read.GetProperty("fired").EnumerateArray().Select(f => f.GetString()), Is.EqualTo(new[] { "pixel-nord:2026-10-26" }), "what it fired for stays");
            Assert.That(read.GetProperty("signingSecret").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(after!.SigningSecret, Is.EqualTo(rule.SigningSecret));
        });
        Assert.That(await rules.FireAsync(after!, "pixel-nord:2026-10-26", "{}", []), Is.False, "an occurrence already sent is not sent again");

        await Problems.AssertInvalidAsync(await PutAsync($"/api/v1/alert-rules/{ruleId}", """{"name":"t","kind":"score-drop","brand":"pixel-nord","webhookUrl":"https://h.example/a"}"""), "threshold");
        await Problems.AssertInvalidAsync(await PutAsync($"/api/v1/alert-rules/{ruleId}", """{"name":"b","kind":"score-drop","brand":"ghost-brand","threshold":5,"webhookUrl":"https://h.example/a"}"""), "brand");
        await Problems.AssertAsync(await PutAsync($"/api/v1/alert-rules/{ruleId}", """{"name":"r","kind":"score-drop","brand":"pixel-nord","threshold":5,"webhookUrl":"https://h.example/a"}""", Reader), HttpStatusCode.Forbidden);
        await Problems.AssertAsync(await PutAsync("/api/v1/alert-rules/999999", """{"name":"r","kind":"score-drop","brand":"pixel-nord","threshold":5,"webhookUrl":"https://h.example/a"}"""), HttpStatusCode.NotFound);
        Assert.That((await Reader.GetFromJsonAsync<JsonElement>($"/api/v1/alert-rules/{ruleId}")).GetProperty("name").GetString(), Is.EqualTo("rule-edited"), "a refused edit changes nothing");
    }

    [Test]
    public async Task A_read_key_cannot_create_or_delete_a_schedule_and_a_name_is_unique()
    {
        await Problems.AssertAsync(await PostAsync("/api/v1/schedules", Valid.Replace("NAME", "reader", StringComparison.Ordinal), Reader), HttpStatusCode.Forbidden);
        Assert.That((await PostAsync("/api/v1/schedules", Valid.Replace("NAME", "twice", StringComparison.Ordinal))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var again = await Problems.AssertAsync(await PostAsync("/api/v1/schedules", Valid.Replace("NAME", "twice", StringComparison.Ordinal)), HttpStatusCode.BadRequest);
        Assert.That(again.GetProperty("detail").GetString(), Does.Contain("already exists"));
        await Problems.AssertAsync(await Reader.DeleteAsync("/api/v1/schedules/1"), HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Alert_rules_are_created_checked_and_listed_with_what_they_fired()
    {
        using var created = await PostAsync("/api/v1/alert-rules", """
            {"name":"answers","kind":"responsiveness-below","brand":"pixel-nord","threshold":40,"webhookUrl":"https://hooks.agency.example/alerts"}
            """);
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var rule = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(rule.GetProperty("signingSecret").GetString(), Does.StartWith("whsec_"));
        var read = await Reader.GetFromJsonAsync<JsonElement>($"/api/v1/alert-rules/{rule.GetProperty("id").GetInt64()}");
        Assert.That(read.GetProperty("fired").GetArrayLength(), Is.Zero);

        await Problems.AssertInvalidAsync(await PostAsync("/api/v1/alert-rules", """{"name":"k","kind":"mood","brand":"pixel-nord","threshold":1,"webhookUrl":"https://h.example/a"}"""), "kind");
        await Problems.AssertInvalidAsync(await PostAsync("/api/v1/alert-rules", """{"name":"t","kind":"score-drop","brand":"pixel-nord","webhookUrl":"https://h.example/a"}"""), "threshold");
        await Problems.AssertInvalidAsync(await PostAsync("/api/v1/alert-rules", """{"name":"o","kind":"overtaken","brand":"pixel-nord","webhookUrl":"https://h.example/a"}"""), "competitors");
        await Problems.AssertInvalidAsync(await PostAsync("/api/v1/alert-rules", """{"name":"b","kind":"score-drop","brand":"ghost-brand","threshold":5,"webhookUrl":"https://h.example/a"}"""), "brand");
    }

    [Test]
    public async Task The_delivery_log_shows_each_delivery_with_its_attempts()
    {
        var (_, _, delivery) = await SeedDeliveriesAsync(Admin, Factory.Services, "log");
        var read = await Reader.GetFromJsonAsync<JsonElement>($"/api/v1/deliveries/{delivery}");
        var log = await Reader.GetFromJsonAsync<JsonElement>("/api/v1/deliveries?limit=1000");
        Assert.Multiple(() =>
        {
            Assert.That(read.GetProperty("status").GetString(), Is.EqualTo("pending"));
            Assert.That(read.GetProperty("attempts").GetInt32(), Is.EqualTo(1));
            Assert.That(read.GetProperty("attemptLog")[0].GetProperty("statusCode").GetInt32(), Is.EqualTo(503));
            Assert.That(read.GetProperty("lastError").GetString(), Is.EqualTo("the webhook answered 503 Service Unavailable"));
            Assert.That(log.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)), Does.Contain(delivery));
        });
        await Problems.AssertAsync(await Reader.GetAsync("/api/v1/deliveries/999999"), HttpStatusCode.NotFound);
    }

    /// <summary>
    /// A schedule and a rule made over the API by <paramref name="client"/> (of <paramref name="workspace"/>, naming
    /// <paramref name="brand"/>), and a run of the schedule with a delivery that failed once; returns their ids.
    /// </summary>
    internal static async Task<(string Schedule, string Rule, string Delivery)> SeedDeliveriesAsync(
        HttpClient client, IServiceProvider services, string suffix = "seed", string brand = "pixel-nord", string workspace = "default")
    {
        using var schedule = await PostAsync(client, "/api/v1/schedules", $$"""
            {"name":"schedule-{{suffix}}","cadence":"monthly","timeZone":"America/Montreal","brands":["{{brand}}"],"webhookUrl":"https://hooks.agency.example/engagement"}
            """);
        using var rule = await PostAsync(client, "/api/v1/alert-rules", $$"""
            {"name":"rule-{{suffix}}","kind":"responsiveness-below","brand":"{{brand}}","threshold":50,"webhookUrl":"https://hooks.agency.example/alerts"}
            """);
        Assert.That((schedule.StatusCode, rule.StatusCode), Is.EqualTo((HttpStatusCode.Created, HttpStatusCode.Created)), await rule.Content.ReadAsStringAsync());
        var scheduleId = (await schedule.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var ruleId = (await rule.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var runs = services.GetRequiredService<ScheduleRunRepository>();
        var run = await runs.TryClaimAsync(scheduleId, "2026-10", DateTimeOffset.UtcNow, "seed", TimeSpan.FromMinutes(5));
        Assert.That(await runs.CompleteAsync(
            run!.Value, "seed", workspace, [new RunFile($"schedule-{suffix}-2026-10.csv", "text/csv; charset=utf-8", Encoding.UTF8.GetBytes("brand\n"))],
            [new NewDelivery("report", "webhook", "https://hooks.agency.example/engagement", "whsec_x", "subject", """{"type":"report"}""")]), Is.True);
        var deliveries = services.GetRequiredService<DeliveryRepository>();
        var delivery = (await deliveries.ListAsync(workspace, null, 1, run.Value)).Single();
        var claimed = await deliveries.ClaimDueAsync("seed", 100, TimeSpan.FromMinutes(5));
        Assert.That(claimed.Select(d => d.Id), Does.Contain(delivery.Id));
        foreach (var other in claimed)
        {
            await deliveries.RecordAttemptAsync(other.Id, "seed", AttemptOutcome.Retry, 503, "the webhook answered 503 Service Unavailable", DateTimeOffset.UtcNow.AddHours(1));
        }

        return ($"{scheduleId}", $"{ruleId}", $"{delivery.Id}");
    }

    private Task<HttpResponseMessage> PostAsync(string url, string json, HttpClient? client = null) => PostAsync(client ?? Admin, url, json);

    private Task<HttpResponseMessage> PutAsync(string url, string json, HttpClient? client = null) =>
        (client ?? Admin).PutAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string json) =>
        client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));
}
