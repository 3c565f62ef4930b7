using System.Text;
using Engagement.Data.Store.Deliveries;
using Engagement.Data.Tests.Store;
using Engagement.Domain.Scheduling;
using Engagement.Service.Deliveries;
using Engagement.Service.Tests.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace Engagement.Service.Tests.Deliveries;

/// <summary>Webhook and e-mail delivery against real servers: retries with backoff on the fake clock, final refusals, the delivery log, attachments.</summary>
[NonParallelizable]
public class DeliveryQueueTests
{
    private static readonly DateTimeOffset Due = new(2026, 10, 26, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task A_failing_webhook_is_retried_after_1_then_4_minutes_on_the_clock_with_the_same_delivery_id()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Statuses.Enqueue(500);
        receiver.Statuses.Enqueue(503);
        await using var store = DeliveryStore.Create(StoreProviders.Sqlite);
        var host = await store.StartHostAsync();
        var deliveries = host.GetRequiredService<DeliveryRepository>();
        var delivery = await QueueRunAsync(store, host, receiver.Url(), null);

        Assert.That(await ScheduledRunTests.Send(host), Is.EqualTo(1));
        var afterFirst = await deliveries.GetAsync("default", delivery.Id);
        Assert.That((afterFirst!.Status, afterFirst.Attempts, afterFirst.NextAttemptAt), Is.EqualTo(("pending", 1, (DateTimeOffset?)Due.AddMinutes(1))));

        store.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.That(await ScheduledRunTests.Send(host), Is.Zero, "not before the backoff");
        store.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await ScheduledRunTests.Send(host), Is.EqualTo(1));
        Assert.That((await deliveries.GetAsync("default", delivery.Id))!.NextAttemptAt, Is.EqualTo(Due.AddMinutes(5)), "then 4 minutes (factor 4)");

        store.Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.That(await ScheduledRunTests.Send(host), Is.EqualTo(1));
        var done = await deliveries.GetAsync("default", delivery.Id);
        var log = await deliveries.AttemptsAsync(delivery.Id);
        Assert.Multiple(() =>
        {
            Assert.That((done!.Status, done.Attempts, done.FinishedAt), Is.EqualTo(("delivered", 3, (DateTimeOffset?)Due.AddMinutes(5))));
            Assert.That(log.Select(a => (a.StatusCode, a.AttemptedAt)), Is.EqualTo(new[] { ((int?)500, Due), (503, Due.AddMinutes(1)), (200, Due.AddMinutes(5)) }));
            Assert.That(receiver.Hooks.Select(h => h.Headers[WebhookSender.DeliveryHeader]).Distinct(), Is.EqualTo(new[] { $"{delivery.Id}" }));
        });
    }

    [TestCase("600", 10.0)]
    [TestCase("Mon, 26 Oct 2026 09:30:00 GMT", 30.0)]
    [TestCase("2592000", 360.0)]
    [TestCase("5", 1.0)]
    public async Task A_webhook_asking_to_retry_after_a_while_is_retried_then_not_before_the_backoff_nor_after_MaxRetryDelay(string retryAfter, double minutes)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Statuses.Enqueue(429);
        receiver.RetryAfter = retryAfter;
        await using var store = DeliveryStore.Create(StoreProviders.Sqlite);
        var host = await store.StartHostAsync();
        var delivery = await QueueRunAsync(store, host, receiver.Url(), null);

        Assert.That(await ScheduledRunTests.Send(host), Is.EqualTo(1));
        var pending = await host.GetRequiredService<DeliveryRepository>().GetAsync("default", delivery.Id);
        Assert.That((pending!.Status, pending.NextAttemptAt), Is.EqualTo(("pending", (DateTimeOffset?)Due.AddMinutes(minutes))), "the later of the backoff and Retry-After, at most MaxRetryDelay (6 h)");
    }

    [TestCase(410, "failed", 1)]
    [TestCase(400, "failed", 1)]
    public async Task A_webhook_refusal_other_than_408_or_429_is_final(int status, string expected, int attempts)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Statuses.Enqueue(status);
        await using var store = DeliveryStore.Create(StoreProviders.Sqlite);
        var host = await store.StartHostAsync();
        var delivery = await QueueRunAsync(store, host, receiver.Url(), null);
        await ScheduledRunTests.Send(host);
        store.Clock.Advance(TimeSpan.FromHours(1));
        await ScheduledRunTests.Send(host);
        var done = await host.GetRequiredService<DeliveryRepository>().GetAsync("default", delivery.Id);
        Assert.That((done!.Status, done.Attempts, done.LastError), Is.EqualTo((expected, attempts, $"the webhook answered {status} {(status == 410 ? "Gone" : "Bad Request")}")));
    }

    [Test]
    public async Task A_delivery_failing_every_time_stops_after_MaxAttempts()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            receiver.Statuses.Enqueue(503);
        }

        await using var store = DeliveryStore.Create(StoreProviders.Sqlite, more: new Dictionary<string, string?> { ["Deliveries:MaxAttempts"] = "3" });
        var host = await store.StartHostAsync();
        var delivery = await QueueRunAsync(store, host, receiver.Url(), null);
        for (var i = 0; i < 5; i++)
        {
            await ScheduledRunTests.Send(host);
            store.Clock.Advance(TimeSpan.FromHours(1));
        }

        var done = await host.GetRequiredService<DeliveryRepository>().GetAsync("default", delivery.Id);
        Assert.That((done!.Status, done.Attempts, receiver.Hooks.Count), Is.EqualTo(("failed", 3, 3)));
    }

    [Test]
    public async Task A_webhook_on_a_private_address_is_refused_by_the_outbound_guard_without_a_connection()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var store = DeliveryStore.Create(StoreProviders.Sqlite, more: new Dictionary<string, string?> { ["Collectors:Outbound:AllowedRanges:0"] = "" });
        var host = await store.StartHostAsync();
        var delivery = await QueueRunAsync(store, host, receiver.Url(), null);
        await ScheduledRunTests.Send(host);
        var done = await host.GetRequiredService<DeliveryRepository>().GetAsync("default", delivery.Id);
        Assert.Multiple(() =>
        {
            Assert.That((done!.Status, done.Attempts), Is.EqualTo(("failed", 1)));
            Assert.That(done.LastError, Does.Contain("not at a public address"));
            Assert.That(receiver.Hooks, Is.Empty);
        });
    }

    [Test]
    public async Task A_report_is_emailed_through_a_real_smtp_server_with_its_csv_and_pdf_attached()
    {
        await using var smtp = SmtpTestServer.Start();
        await using var store = DeliveryStore.Create(StoreProviders.Sqlite, smtp.Port);
        var host = await store.StartHostAsync();
        var delivery = await QueueRunAsync(store, host, null, ["client@agency.test"], ["csv", "pdf"]);
        Assert.That(await ScheduledRunTests.Send(host), Is.EqualTo(1));

        var done = await host.GetRequiredService<DeliveryRepository>().GetAsync("default", delivery.Id);
        Assert.That(done!.Status, Is.EqualTo("delivered"), done.LastError);
        var (to, message) = smtp.Messages.Single();
        var files = await host.GetRequiredService<ScheduleRunRepository>().FilesAsync(done.RunId!.Value);
        var attachments = message.Attachments.OfType<MimeKit.MimePart>().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(to, Is.EqualTo(new[] { "client@agency.test" }));
            Assert.That(message.Subject, Is.EqualTo("Engagement report weekly 2026-W43"));
            Assert.That(message.From.ToString(), Does.Contain("reports@agency.test"));
            Assert.That(message.TextBody, Does.Contain("pixel-nord: score").And.Contain("2026-10-19 to 2026-10-26"));
            Assert.That(attachments.Select(a => a.FileName), Is.EqualTo(new[] { "weekly-2026-W43.csv", "weekly-2026-W43.pdf" }));
            Assert.That(attachments.Select(a => a.ContentType.MimeType), Is.EqualTo(new[] { "text/csv", "application/pdf" }));
        });
        foreach (var (attachment, file) in attachments.Zip(files))
        {
            using var content = new MemoryStream();
            await attachment.Content!.DecodeToAsync(content);
            Assert.That(content.ToArray(), Is.EqualTo(file.Content), $"{file.Name} arrives byte for byte");
        }

        Assert.That(Encoding.ASCII.GetString(files[1].Content, 0, 5), Is.EqualTo("%PDF-"));
        ComparePdfTests.RequireTools();
        var pdf = Path.Combine(Path.GetTempPath(), $"engagement-scheduled-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(pdf, files[1].Content);
        try
        {
            var text = await ComparePdfTests.RunAsync("pdftotext", "-layout", pdf, "-");
            Assert.That(text, Does.Contain("Pixel Nord vs Mile End Digital").And.Contain("19 Oct 2026 to 25 Oct 2026").And.Contain("Every KPI on mastodon"),
                "the compare page of the schedule's brands and period, printed");
        }
        finally
        {
            File.Delete(pdf);
        }
    }

    [Test]
    public async Task A_refused_recipient_is_final_and_a_deferred_one_is_retried()
    {
        await using var smtp = SmtpTestServer.Start();
        smtp.Refused["nobody@agency.test"] = true;
        smtp.Deferred["later@agency.test"] = true;
        await using var store = DeliveryStore.Create(StoreProviders.Sqlite, smtp.Port);
        var host = await store.StartHostAsync();
        await QueueRunAsync(store, host, null, ["nobody@agency.test", "later@agency.test"]);
        Assert.That(await ScheduledRunTests.Send(host), Is.EqualTo(2));
        smtp.Deferred.Clear();
        store.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.That(await ScheduledRunTests.Send(host), Is.EqualTo(1));

        var log = await host.GetRequiredService<DeliveryRepository>().ListAsync("default", null, 10);
        Assert.That(log.Select(d => (d.Target, d.Status, d.Attempts)), Is.EquivalentTo(new[] { ("nobody@agency.test", "failed", 1), ("later@agency.test", "delivered", 2) }));
        Assert.That(log.Single(d => d.Target == "nobody@agency.test").LastError, Does.StartWith("the SMTP server refused the message: 550"));
        Assert.That(smtp.Messages.Select(m => m.To.Single()), Is.EqualTo(new[] { "later@agency.test" }));
    }

    [Test]
    public async Task A_runs_files_are_read_from_the_store_once_for_all_its_deliveries_even_across_batches()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var smtp = SmtpTestServer.Start();
        await using var store = DeliveryStore.Create(StoreProviders.Sqlite, smtp.Port);
        var statements = new StatementLog();
        var host = await store.StartTracedHostAsync(statements);
        await DeliveryStore.ImportSamplesAsync(host);
        // 1 webhook + 11 addresses: 12 deliveries, more than one claimed batch (10).
        var emails = Enumerable.Range(1, 11).Select(i => $"client{i}@agency.test").ToList();
        await ScheduledRunTests.CreateAsync(host, "weekly", Cadence.Weekly, receiver.Url(), emails);
        await ScheduledRunTests.CreateAsync(host, "other", Cadence.Weekly, receiver.Url());
        store.AdvanceTo(Due);
        Assert.That(await host.GetRequiredService<ScheduleRunner>().RunDueAsync(default), Is.EqualTo(2));

        statements.Clear();
        Assert.That(await ScheduledRunTests.Send(host), Is.EqualTo(13));
        // As SQLite ran them: the run's id in place of its parameter.
        var reads = statements.Containing("""FROM "run_files" """);
        var log = await host.GetRequiredService<DeliveryRepository>().ListAsync("default", null, 20);
        Assert.Multiple(() =>
        {
            Assert.That(log.Select(d => d.Status), Is.All.EqualTo("delivered"));
            Assert.That((receiver.Hooks.Count, smtp.Messages.Count), Is.EqualTo((2, 11)));
            Assert.That(reads, Has.Count.EqualTo(2).And.Unique, "each run's files read once, not once per delivery");
        });
    }

    /// <summary>Imports the samples, makes a weekly schedule to the targets due (2026-W43) and runs it; returns its first delivery.</summary>
    private static async Task<Delivery> QueueRunAsync(DeliveryStore store, IServiceProvider host, string? webhook, IReadOnlyList<string>? emails, IReadOnlyList<string>? formats = null)
    {
        await DeliveryStore.ImportSamplesAsync(host);
        await ScheduledRunTests.CreateAsync(host, "weekly", Cadence.Weekly, webhook, emails, formats);
        store.AdvanceTo(Due);
        Assert.That(await host.GetRequiredService<ScheduleRunner>().RunDueAsync(default), Is.EqualTo(1));
        return (await host.GetRequiredService<DeliveryRepository>().ListAsync("default", null, 10)).Last();
    }
}
