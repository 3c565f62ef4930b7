using System.Text;
using Engagement.Data.Store.Deliveries;
using Engagement.Domain.Scheduling;
using Engagement.Service.Deliveries;
using Engagement.Service.Tests.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace Engagement.Service.Tests.Deliveries;

/// <summary>
/// Scheduled runs across instances and restarts, on SQLite and PostgreSQL: two hosts on one store
/// queue and send each period once; a period missed while down is caught up once; a run claimed by
/// an instance that died is taken over after its lease.
/// </summary>
[TestFixtureSource(typeof(StoreProviders), nameof(StoreProviders.All))]
[NonParallelizable]
public class ScheduledRunTests(string provider)
{
    private static readonly string[] Brands = ["pixel-nord", "mile-end-digital"];

    [Test]
    public async Task Two_instances_on_one_store_send_each_scheduled_run_exactly_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var store = DeliveryStore.Create(provider);
        var a = await store.StartHostAsync();
        var b = await store.StartHostAsync();
        await DeliveryStore.ImportSamplesAsync(a);
        var schedule = await CreateAsync(a, "weekly-csv", Cadence.Weekly, receiver.Url());

        Assert.That(await RunDueAsync(a, b), Is.Zero, "Monday 2026-10-19 08:00 came before the schedule was made");

        store.AdvanceTo(new DateTimeOffset(2026, 10, 26, 9, 0, 0, TimeSpan.Zero));
        Assert.That(await RunDueAsync(a, b), Is.EqualTo(1), "four concurrent runners, one run");
        await Task.WhenAll(Send(a), Send(b), Send(a), Send(b));
        Assert.That(await RunDueAsync(a, b), Is.Zero, "done stays done");
        await Task.WhenAll(Send(a), Send(b));

        store.AdvanceTo(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        Assert.That(await RunDueAsync(a, b), Is.EqualTo(1));
        await Task.WhenAll(Send(a), Send(b));

        var hooks = receiver.Hooks;
        var runs = await a.GetRequiredService<ScheduleRunRepository>().ListAsync(schedule.Id);
        Assert.Multiple(() =>
        {
            Assert.That(runs.Select(r => (r.Period, r.Status)), Is.EqualTo(new[] { ("2026-W44", "failed"), ("2026-W43", "done") }).Or.EqualTo(new[] { ("2026-W44", "done"), ("2026-W43", "done") }));
            Assert.That(hooks.Select(h => h.Headers[WebhookSender.DeliveryHeader]).Distinct().Count(), Is.EqualTo(hooks.Count), "no delivery sent twice");
            Assert.That(hooks.Count(h => Encoding.UTF8.GetString(h.Body).Contains("\"period\":\"2026-W43\"", StringComparison.Ordinal)), Is.EqualTo(1));
        });
        var first = hooks[0];
        Assert.Multiple(() =>
        {
            Assert.That(first.ContentType, Does.StartWith("multipart/form-data; boundary="));
            Assert.That(first.Headers[WebhookSender.EventHeader], Is.EqualTo("report"));
            Assert.That(WebhookSignature.Verify(schedule.SigningSecret, first.Headers[WebhookSignature.Header], first.Body, new DateTimeOffset(2026, 10, 26, 9, 0, 0, TimeSpan.Zero)), Is.True, "signed when sent");
            Assert.That(Encoding.UTF8.GetString(first.Body), Does.Contain("filename=weekly-csv-2026-W43.csv").And.Contains("brand,network,handle,from,to,benchmark"));
        });
    }

    [Test]
    public async Task A_run_missed_while_every_instance_was_down_is_caught_up_once_and_only_the_latest()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var store = DeliveryStore.Create(provider, start: new DateTimeOffset(2026, 10, 6, 12, 0, 0, TimeSpan.Zero));
        var first = await store.StartHostAsync();
        await DeliveryStore.ImportSamplesAsync(first);
        var schedule = await CreateAsync(first, "catch-up", Cadence.Weekly, receiver.Url());
        await store.StopHostAsync(first);

        // Down over three Mondays (10-12, 10-19, 10-26).
        store.AdvanceTo(new DateTimeOffset(2026, 10, 27, 12, 0, 0, TimeSpan.Zero));
        var restarted = await store.StartHostAsync();
        Assert.That(await restarted.GetRequiredService<ScheduleRunner>().RunDueAsync(default), Is.EqualTo(1));
        await Send(restarted);
        await store.StopHostAsync(restarted);

        var again = await store.StartHostAsync();
        Assert.That(await again.GetRequiredService<ScheduleRunner>().RunDueAsync(default), Is.Zero, "a second restart runs nothing again");
        await Send(again);
        var runs = await again.GetRequiredService<ScheduleRunRepository>().ListAsync(schedule.Id);
        Assert.Multiple(() =>
        {
            Assert.That(runs.Select(r => (r.Period, r.Status)), Is.EqualTo(new[] { ("2026-W43", "done") }));
            Assert.That(receiver.Hooks, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task A_run_claimed_by_an_instance_that_died_is_taken_over_after_its_lease_and_the_dead_owner_cannot_complete_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var store = DeliveryStore.Create(provider);
        var a = await store.StartHostAsync();
        var b = await store.StartHostAsync();
        await DeliveryStore.ImportSamplesAsync(a);
        var schedule = await CreateAsync(a, "takeover", Cadence.Weekly, receiver.Url());
        store.AdvanceTo(new DateTimeOffset(2026, 10, 26, 9, 0, 0, TimeSpan.Zero));

        // Instance a claims the run and dies before completing it.
        var runs = a.GetRequiredService<ScheduleRunRepository>();
        var dead = await runs.TryClaimAsync(schedule.Id, "2026-W43", new DateTimeOffset(2026, 10, 26, 8, 0, 0, TimeSpan.Zero), "dead-instance", TimeSpan.FromMinutes(5));
        Assert.That(dead, Is.Not.Null);
        Assert.That(await b.GetRequiredService<ScheduleRunner>().RunDueAsync(default), Is.Zero, "held by a live lease");

        store.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.That(await b.GetRequiredService<ScheduleRunner>().RunDueAsync(default), Is.EqualTo(1), "taken over");
        Assert.That(await runs.CompleteAsync(dead!.Value, "dead-instance", "default", [], [new NewDelivery("report", "webhook", receiver.Url(), "s", "s", "{}")]), Is.False);
        await Send(b);
        Assert.That(receiver.Hooks, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Editing_the_hour_neither_sends_a_period_again_nor_loses_the_one_it_moves_into_the_past()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var store = DeliveryStore.Create(provider);
        var host = await store.StartHostAsync();
        await DeliveryStore.ImportSamplesAsync(host);
        var schedule = await CreateAsync(host, "edited-hour", Cadence.Weekly, receiver.Url());
        var runner = host.GetRequiredService<ScheduleRunner>();
        store.AdvanceTo(new DateTimeOffset(2026, 10, 26, 9, 0, 0, TimeSpan.Zero));
        Assert.That(await runner.RunDueAsync(default), Is.EqualTo(1), "2026-W43 at 08:00");

        await EditAsync(host, schedule, Cadence.Weekly, hour: 10);
        store.AdvanceTo(new DateTimeOffset(2026, 10, 26, 10, 30, 0, TimeSpan.Zero));
        Assert.That(await runner.RunDueAsync(default), Is.Zero, "2026-W43 now falls due at 10:00, but it was sent");

        // Monday 07:00: 2026-W44 is due at 10:00; moved to 06:00, it is due already and sent now.
        store.AdvanceTo(new DateTimeOffset(2026, 11, 2, 7, 0, 0, TimeSpan.Zero));
        await EditAsync(host, schedule, Cadence.Weekly, hour: 6);
        await runner.RunDueAsync(default);
        Assert.That(await runner.RunDueAsync(default), Is.Zero);
        var runs = await host.GetRequiredService<ScheduleRunRepository>().ListAsync(schedule.Id);
        Assert.That(runs.Select(r => (r.Period, r.DueAt)), Is.EqualTo(new[]
        {
            ("2026-W44", new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero)),
            ("2026-W43", new DateTimeOffset(2026, 10, 26, 8, 0, 0, TimeSpan.Zero)),
        }));
    }

    [Test]
    public async Task A_never_run_schedule_moved_to_an_earlier_hour_on_its_due_day_still_sends_that_period()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var store = DeliveryStore.Create(provider);
        var host = await store.StartHostAsync();
        await DeliveryStore.ImportSamplesAsync(host);
        var runner = host.GetRequiredService<ScheduleRunner>();

        // Monday 07:30: 2026-W44 is owed at 08:00 to the first, and was due at 07:00, before it existed, to the second.
        store.AdvanceTo(new DateTimeOffset(2026, 11, 2, 7, 30, 0, TimeSpan.Zero));
        var moved = await CreateAsync(host, "moved-earlier", Cadence.Weekly, receiver.Url());
        var late = await CreateAsync(host, "created-late", Cadence.Weekly, receiver.Url(), hour: 7);
        store.AdvanceTo(new DateTimeOffset(2026, 11, 2, 7, 40, 0, TimeSpan.Zero));
        await EditAsync(host, moved, Cadence.Weekly, hour: 7);

        Assert.That(await runner.RunDueAsync(default), Is.EqualTo(1), "the period moved-earlier owed is sent at once; created-late waits");
        Assert.That(await runner.RunDueAsync(default), Is.Zero);
        store.AdvanceTo(new DateTimeOffset(2026, 11, 9, 7, 30, 0, TimeSpan.Zero));
        Assert.That(await runner.RunDueAsync(default), Is.EqualTo(2), "2026-W45, both");

        var repository = host.GetRequiredService<ScheduleRunRepository>();
        Assert.That((await repository.ListAsync(moved.Id)).Select(r => (r.Period, r.DueAt)), Is.EqualTo(new[]
        {
            ("2026-W45", new DateTimeOffset(2026, 11, 9, 7, 0, 0, TimeSpan.Zero)),
            ("2026-W44", new DateTimeOffset(2026, 11, 2, 7, 0, 0, TimeSpan.Zero)),
        }));
        Assert.That((await repository.ListAsync(late.Id)).Select(r => r.Period), Is.EqualTo(new[] { "2026-W45" }));
    }

    [Test]
    public async Task Switching_a_weekly_schedule_to_monthly_does_not_report_the_month_its_weeks_already_covered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var store = DeliveryStore.Create(provider);
        var host = await store.StartHostAsync();
        await DeliveryStore.ImportSamplesAsync(host);
        var schedule = await CreateAsync(host, "to-monthly", Cadence.Weekly, receiver.Url());
        var runner = host.GetRequiredService<ScheduleRunner>();
        store.AdvanceTo(new DateTimeOffset(2026, 10, 26, 9, 0, 0, TimeSpan.Zero));
        await runner.RunDueAsync(default);
        store.AdvanceTo(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        await runner.RunDueAsync(default);

        // 2026-10 fell due on 11-01 08:00, before the last weekly run (11-02 08:00): its weeks went out.
        store.AdvanceTo(new DateTimeOffset(2026, 11, 4, 12, 0, 0, TimeSpan.Zero));
        await EditAsync(host, schedule, Cadence.Monthly, hour: 8);
        Assert.That(await runner.RunDueAsync(default), Is.Zero);
        store.AdvanceTo(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        await runner.RunDueAsync(default);

        var runs = await host.GetRequiredService<ScheduleRunRepository>().ListAsync(schedule.Id);
        Assert.That(runs.Select(r => r.Period), Is.EqualTo(new[] { "2026-11", "2026-W44", "2026-W43" }), "the runs stay; the next is the month after the edit");
    }

    [Test]
    public async Task The_runners_listing_gives_each_schedule_the_run_that_fell_due_last()
    {
        await using var store = DeliveryStore.Create(provider);
        var host = await store.StartHostAsync();
        await DeliveryStore.ImportSamplesAsync(host);
        var ran = await CreateAsync(host, "ran", Cadence.Weekly, "https://hooks.example/ran");
        await CreateAsync(host, "never", Cadence.Weekly, "https://hooks.example/never");
        var runs = host.GetRequiredService<ScheduleRunRepository>();

        // The later period claimed first: the last run is the one due last, not the one stored last.
        var lease = TimeSpan.FromMinutes(5);
        var w44 = await runs.TryClaimAsync(ran.Id, "2026-W44", new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero), "owner", lease);
        await runs.TryClaimAsync(ran.Id, "2026-W43", new DateTimeOffset(2026, 10, 26, 8, 0, 0, TimeSpan.Zero), "owner", lease);
        Assert.That(await runs.FailAsync(w44!.Value, "owner", "no data in the window"), Is.True);

        var listed = await host.GetRequiredService<ScheduleRepository>().ListWithLastRunAsync();
        var stored = (await runs.ListAsync(ran.Id)).Single(run => run.Id == w44);
        Assert.Multiple(() =>
        {
            Assert.That(listed.Select(item => (item.Schedule.Name, item.LastRun?.Period)), Is.EqualTo(new[] { ("ran", "2026-W44"), ("never", (string?)null) }));
            Assert.That(listed[0].Schedule, Is.EqualTo(ran).Using<Schedule>((a, b) => a.Id == b.Id && a.OwedFrom == b.OwedFrom && a.SigningSecret == b.SigningSecret));
            Assert.That(listed[0].LastRun, Is.EqualTo(stored), "every column of the run, as the run list reads it");
            Assert.That(stored.Status, Is.EqualTo("failed"));
        });
    }

    private static async Task EditAsync(IServiceProvider host, Schedule schedule, Cadence cadence, int hour) =>
        Assert.That(
            await host.GetRequiredService<ScheduleRepository>().UpdateAsync(schedule.Id, new NewSchedule(
                schedule.Workspace, schedule.Name, cadence, schedule.TimeZone, hour, schedule.Brands, schedule.Benchmark, schedule.Formats, schedule.Targets)),
            Is.Not.Null);

    internal static Task<Schedule> CreateAsync(
        IServiceProvider services, string name, Cadence cadence, string? webhook, IReadOnlyList<string>? emails = null, IReadOnlyList<string>? formats = null, int hour = 8) =>
        services.GetRequiredService<ScheduleRepository>().InsertAsync(new NewSchedule(
            "default", name, cadence, "UTC", hour, Brands, "all", formats ?? ["csv"], new DeliveryTargets(webhook, emails ?? [])));

    private static async Task<int> RunDueAsync(IServiceProvider a, IServiceProvider b) =>
        (await Task.WhenAll(
            a.GetRequiredService<ScheduleRunner>().RunDueAsync(default),
            b.GetRequiredService<ScheduleRunner>().RunDueAsync(default),
            a.GetRequiredService<ScheduleRunner>().RunDueAsync(default),
            b.GetRequiredService<ScheduleRunner>().RunDueAsync(default))).Sum();

    internal static Task<int> Send(IServiceProvider services) => services.GetRequiredService<DeliveryQueue>().ProcessDueAsync(default);
}
