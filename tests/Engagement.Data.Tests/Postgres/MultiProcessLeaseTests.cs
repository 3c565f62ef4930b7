using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using Engagement.Data.Store;
using Engagement.Data.Store.Repositories;
using Engagement.Data.Tests.Store;
using Engagement.Domain.Model;

namespace Engagement.Data.Tests.Postgres;

/// <summary>
/// Three instances (real processes, <see cref="LeaseWorker"/>) share the accounts of one
/// PostgreSQL database through leases; one is killed while it holds leases. Every account must
/// be collected, its data committed exactly once, and the dead instance's accounts taken over
/// once its leases expired.
/// </summary>
public sealed class MultiProcessLeaseTests
{
    private const int Accounts = 30;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);

    [Test]
    public async Task Three_instances_one_killed_collect_every_account_exactly_once()
    {
        await using var store = await TestStore.CreateAsync(StoreProviders.Postgres, null, migrate: true);
        await SeedAsync(store);
        var connectionString = store.ConnectionString!;
        // w0 works slowly, so it is always caught holding accounts it has not finished.
        var workers = new[] { ("w0", 1000), ("w1", 500), ("w2", 500) }.Select(w => Worker.Start(connectionString, w.Item1, w.Item2)).ToList();
        var leases = new AccountLeaseRepository(store.Factory);
        try
        {
            // Kill w0 (the slow one) once it has committed its first pair of accounts and holds leases
            // on its second: it is a whole run (1 s) away from finishing those.
            var deadline = Stopwatch.StartNew();
            while (!(await RunsAsync(store, "w0") >= 2 && (await OrphansAsync(store, leases)).Count > 0))
            {
                Assert.That(deadline.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)), "w0 never held an unfinished lease:\n" + workers[0].Log);
                await Task.Delay(20);
            }

            workers[0].Process.Kill(entireProcessTree: true);
            var killedAt = Stopwatch.StartNew();
            await workers[0].Process.WaitForExitAsync();
            // Read after the kill: nothing of w0 can commit any more, and its leases have not expired yet.
            var orphaned = await OrphansAsync(store, leases);
            foreach (var survivor in workers.Skip(1))
            {
                await Task.WhenAny(survivor.Process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(90)));
                Assert.That(survivor.Process.HasExited, Is.True, "still running:\n" + survivor.Log);
                Assert.That(survivor.Process.ExitCode, Is.Zero, survivor.Log);
            }

            var runs = await store.QueryAsync<(string Handle, string Owner)>("""SELECT "handle", "owner" FROM "lease_test_runs" """);
            Assert.That(runs.Select(r => r.Handle), Is.Unique, "no account committed twice");
            Assert.That(runs, Has.Count.EqualTo(Accounts), "every account collected");
            Assert.That(await store.CountAsync("posts"), Is.EqualTo(Accounts * LeaseWorker.PostsPerAccount));
            Assert.That(
                await store.QueryAsync<long>("""SELECT COUNT(DISTINCT "post_id") FROM "posts" """),
                Is.EqualTo(new[] { (long)Accounts * LeaseWorker.PostsPerAccount }));
            var takenOver = runs.Where(r => orphaned.Contains(r.Handle)).ToList();
            Assert.That(takenOver.Select(r => r.Owner), Is.All.AnyOf("w1", "w2"), "the killed instance's accounts were taken over");
            Assert.That(takenOver, Has.Count.EqualTo(orphaned.Count));
            // w0's last heartbeat (every quarter lease) set its leases to expire at least 3/4 of a lease after the kill.
            Assert.That(killedAt.Elapsed, Is.GreaterThanOrEqualTo(Lease * 3 / 4), "the survivors waited for the leases to expire");
            Assert.That(orphaned, Is.Not.Empty);
            Assert.That(await leases.ListHeldAsync(), Is.Empty, "survivors release what they collected");
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }
    }

    private static async Task<long> RunsAsync(TestStore store, string owner) =>
        (await store.QueryAsync<long>("""SELECT COUNT(*) FROM "lease_test_runs" WHERE "owner" = @owner""", new { owner }))[0];

    // Accounts w0 holds a live lease on and has not committed.
    private static async Task<List<string>> OrphansAsync(TestStore store, AccountLeaseRepository leases)
    {
        var done = (await store.QueryAsync<string>("""SELECT "handle" FROM "lease_test_runs" """)).ToHashSet(StringComparer.Ordinal);
        return [.. (await leases.ListHeldAsync()).Where(l => l.Owner == "w0" && !done.Contains(l.Handle)).Select(l => l.Handle)];
    }

    private static async Task SeedAsync(TestStore store)
    {
        var brands = new BrandRepository(store.Factory);
        var accounts = new AccountRepository(store.Factory);
        for (var i = 0; i < Accounts; i++)
        {
            await brands.UpsertAsync(new Brand($"brand{i:00}", $"Brand {i}", null));
            await accounts.AddAsync(new Account($"brand{i:00}", "mastodon", $"u{i:00}@x.example"));
        }

        // A run log with no unique key: a second commit for an account would show as a second row.
        await store.Factory.WriteAsync((connection, transaction, ct) => connection.ExecuteAsync(new CommandDefinition(
            """CREATE TABLE "lease_test_runs" ("network" TEXT NOT NULL, "handle" TEXT NOT NULL, "owner" TEXT NOT NULL)""",
            transaction: transaction,
            cancellationToken: ct)));
    }

    private sealed class Worker : IDisposable
    {
        private readonly ConcurrentQueue<string> _lines = new();

        private Worker(Process process) => Process = process;

        public Process Process { get; }

        public string Log => string.Join("\n", _lines);

        public static Worker Start(string connectionString, string owner, int workMs)
        {
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
            var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[]
            {
                typeof(Program).Assembly.Location, "lease-worker", connectionString, owner, workMs.ToString(CultureInfo.InvariantCulture), ((int)Lease.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            })
            {
                start.ArgumentList.Add(argument);
            }

            var worker = new Worker(Process.Start(start)!);
            worker.Process.OutputDataReceived += (_, e) => worker.Record(e.Data);
            worker.Process.ErrorDataReceived += (_, e) => worker.Record(e.Data);
            worker.Process.BeginOutputReadLine();
            worker.Process.BeginErrorReadLine();
            return worker;
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }

            Process.Dispose();
        }

        private void Record(string? line)
        {
            if (line is null)
            {
                return;
            }

            _lines.Enqueue(line);
        }
    }
}
