using Engagement.Data.Tests.Store;
using Engagement.Domain.Scheduling;
using Engagement.Service.Deliveries;
using Engagement.Service.Tests.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace Engagement.Service.Tests.Deliveries;

/// <summary>
/// What a runner's tick costs the store, as SQLite itself reports the statements it runs: the
/// runner ticks every poll interval (30 s) on every instance, so a quiet tick must not grow with
/// the schedules.
/// </summary>
[NonParallelizable]
public class ScheduleRunnerQueryTests
{
    [Test]
    public async Task A_tick_with_nothing_to_run_is_one_query_however_many_schedules_there_are()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var store = DeliveryStore.Create(StoreProviders.Sqlite);
        var statements = new StatementLog();
        var host = await store.StartTracedHostAsync(statements);
        await DeliveryStore.ImportSamplesAsync(host);
        foreach (var name in new[] { "first", "second", "third" })
        {
            await ScheduledRunTests.CreateAsync(host, name, Cadence.Weekly, receiver.Url());
        }

        var runner = host.GetRequiredService<ScheduleRunner>();
        statements.Clear();
        Assert.That(await runner.RunDueAsync(default), Is.Zero, "2026-W42 fell due before the schedules were made");
        Assert.That(statements.Work, Has.Count.EqualTo(1), "before the first runs: the listing alone");

        store.AdvanceTo(new DateTimeOffset(2026, 10, 26, 9, 0, 0, TimeSpan.Zero));
        Assert.That(await runner.RunDueAsync(default), Is.EqualTo(3));
        statements.Clear();
        Assert.That(await runner.RunDueAsync(default), Is.Zero, "each period ran");
        var work = statements.Work;
        Assert.That(work, Has.Count.EqualTo(1), "one query, no claim: " + string.Join("\n", work));
        Assert.That(work[0], Does.Contain("FROM \"schedules\"").And.Contain("JOIN \"schedule_runs\""));
    }
}
