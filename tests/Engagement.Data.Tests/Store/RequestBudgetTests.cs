using Dapper;
using Engagement.Data.Store;
using Engagement.Data.Store.Repositories;

namespace Engagement.Data.Tests.Store;

/// <summary>The request budget every collector process shares, on both engines, with real concurrent takers.</summary>
public sealed class RequestBudgetTests(string provider) : StoreTests(provider)
{
    private static readonly DateTimeOffset Now = new(2025, 3, 20, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    [Test]
    public async Task A_grant_counts_for_one_window_and_a_refusal_names_the_oldest_grant()
    {
        await using var store = await CreateStoreAsync();
        var budget = new RequestBudgetRepository(store.Factory);

        var taken = new List<bool>();
        for (var i = 0; i < 4; i++)
        {
            taken.Add((await TakeAsync(budget, Now.AddMinutes(i), 1, 3)).Granted);
        }

        var refused = await TakeAsync(budget, Now.AddMinutes(4), 1, 3);
        // The first grant (12:00) stops counting at 12:10 exactly; the one of 12:01 still counts then.
        var atExpiry = await TakeAsync(budget, Now + Window, 1, 3);
        var afterIt = await TakeAsync(budget, Now + Window, 1, 3);

        Assert.That(taken, Is.EqualTo(new[] { true, true, true, false }));
        Assert.That(refused, Is.EqualTo(new BudgetTake(false, Now)));
        Assert.That(atExpiry.Granted, Is.True);
        Assert.That(afterIt, Is.EqualTo(new BudgetTake(false, Now.AddMinutes(1))));
        Assert.That(await budget.UsedAsync("x", "x:users", Now + Window - Window + TimeSpan.FromTicks(10)), Is.EqualTo(3));
        Assert.That(await store.CountAsync("request_budget"), Is.EqualTo(3), "the expired grant was deleted");
        Assert.That((await TakeAsync(budget, Now, 4, 3)).Granted, Is.False, "a cost above the limit never fits");
    }

    [Test]
    public async Task Lanes_and_networks_are_apart_and_a_spent_quota_stops_every_taker()
    {
        await using var store = await CreateStoreAsync();
        var budget = new RequestBudgetRepository(store.Factory);
        Assert.That((await budget.TryTakeAsync("x", "x:users", Now, Now - Window, 1, 1)).Granted, Is.True);
        Assert.That((await budget.TryTakeAsync("x", "x:tweets", Now, Now - Window, 1, 1)).Granted, Is.True);
        Assert.That((await budget.TryTakeAsync("mastodon", "x:users", Now, Now - Window, 1, 1)).Granted, Is.True);

        await budget.SpendAllAsync("youtube", "youtube", Now, 10_000);

        Assert.That((await budget.TryTakeAsync("youtube", "youtube", Now.AddHours(1), Now.AddHours(-12), 1, 10_000)).Granted, Is.False);
        Assert.That((await budget.TryTakeAsync("youtube", "youtube", Now.AddDays(1), Now.AddHours(12), 1, 10_000)).Granted, Is.True, "the next day");
    }

    [Test]
    public async Task Two_processes_taking_at_once_never_grant_more_than_the_limit_together()
    {
        await using var store = await CreateStoreAsync();
        // Each "process" has its own factory (its own pool and connections) on the same store.
        var processes = new[] { store.Factory, store.OpenAnother(), store.OpenAnother() }.Select(f => new RequestBudgetRepository(f)).ToList();
        const int Limit = 7;

        var takes = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() =>
            TakeAsync(processes[i % processes.Count], Now.AddSeconds(i % 5), 1, Limit))));

        Assert.That(takes.Count(t => t.Granted), Is.EqualTo(Limit));
        Assert.That(await processes[1].UsedAsync("x", "x:users", Now - Window), Is.EqualTo(Limit));
    }

    // A taker that waits for the lane's lock (here another transaction holding it while the clock moves
    // on five minutes) counts the instant it was granted: its request goes out then, not when it asked.
    // Counted at the asking instant, the grant would expire five minutes early and a take at 12:14 (its
    // window from 12:04) would be granted beside it.
    [Test]
    public async Task A_take_that_waited_for_the_lane_counts_the_instant_it_was_granted()
    {
        await using var store = await CreateStoreAsync();
        var budget = new RequestBudgetRepository(store.Factory);
        var clock = Now;
        await using var connection = await store.Factory.OpenAsync();
        var holder = await store.Factory.Dialect.BeginWriteAsync(connection, CancellationToken.None);
        await connection.ExecuteAsync(
            """
            INSERT INTO "request_budget_lanes" ("network", "lane", "grants") VALUES ('x', 'x:users', 0)
            ON CONFLICT ("network", "lane") DO UPDATE SET "grants" = "request_budget_lanes"."grants" + 1
            """,
            transaction: holder);

        var waiting = Task.Run(() => budget.TryTakeAsync("x", "x:users", () => (clock, clock - Window + TimeSpan.FromTicks(10)), 1, 1));
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.That(waiting.IsCompleted, Is.False, "the take waits for the lane");
        clock = Now.AddMinutes(5);
        await holder.CommitAsync();
        await holder.DisposeAsync();

        Assert.That((await waiting).Granted, Is.True);
        Assert.That(await TakeAsync(budget, Now.AddMinutes(14), 1, 1), Is.EqualTo(new BudgetTake(false, Now.AddMinutes(5))));
    }

    private static Task<BudgetTake> TakeAsync(RequestBudgetRepository budget, DateTimeOffset now, int cost, int limit) =>
        budget.TryTakeAsync("x", "x:users", now, now - Window + TimeSpan.FromTicks(10), cost, limit);
}
