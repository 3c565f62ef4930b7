using System.Collections.Concurrent;
using Dapper;
using Engagement.Data.Store;
using Engagement.Data.Store.Postgres;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;

namespace Engagement.Data.Tests.Postgres;

/// <summary>
/// One "collector instance" of the multi-process lease test, run as its own process
/// (<c>dotnet Engagement.Data.Tests.dll lease-worker ...</c>): it leases accounts through the
/// real lease API, "collects" each (a pause, then posts, a run record and the collector state
/// committed in one transaction fenced by the lease), renews its leases on a heartbeat, and
/// stops once every account has been collected by someone.
/// </summary>
internal sealed class LeaseWorker(IDbConnectionFactory factory, string owner, TimeSpan work, TimeSpan lease)
{
    public const int PostsPerAccount = 3;
    private const string Network = "mastodon";

    private readonly AccountLeaseRepository _leases = new(factory);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _working = new(StringComparer.Ordinal);

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not [var connectionString, var owner, var workMs, var leaseMs])
        {
            await Console.Error.WriteLineAsync("usage: lease-worker <connection string> <owner> <work ms> <lease ms>");
            return 2;
        }

        await using var factory = new PostgresConnectionFactory(connectionString);
        var worker = new LeaseWorker(factory, owner, TimeSpan.FromMilliseconds(int.Parse(workMs)), TimeSpan.FromMilliseconds(int.Parse(leaseMs)));
        await worker.RunAsync();
        return 0;
    }

    private async Task RunAsync()
    {
        var passStart = factory.Time.GetUtcNow();
        using var stop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(stop.Token);
        var running = new List<Task>();
        while (!await AllCollectedAsync())
        {
            running.RemoveAll(task => task.IsCompleted);
            var leased = await _leases.TryLeaseAsync(new LeaseRequest(owner, Network, 2 - running.Count, lease) { NotRunSince = passStart });
            foreach (var account in leased)
            {
                Console.WriteLine($"leased {account.Account.Handle}");
                running.Add(CollectAsync(account.Account));
            }

            await Task.Delay(leased.Count == 0 ? 100 : 10);
        }

        await Task.WhenAll(running);
        await stop.CancelAsync();
        await heartbeat;
    }

    private async Task CollectAsync(Account account)
    {
        // Not disposed: the heartbeat may still cancel it after this run ended.
        var lost = new CancellationTokenSource();
        _working[account.Handle] = lost;
        try
        {
            await Task.Delay(work, lost.Token);
            var now = factory.Time.GetUtcNow();
            var committed = await factory.WriteAsync(async (connection, transaction, ct) =>
            {
                if (!await AccountLeaseRepository.ConfirmAsync(connection, transaction, owner, account.Network, account.Handle, now, ct))
                {
                    return false;
                }

                await NetworkCodes.EnsureAsync(connection, transaction, [account.Network], CancellationToken.None);
                for (var i = 0; i < PostsPerAccount; i++)
                {
                    await connection.ExecuteAsync(
                        $"""
                        INSERT INTO "posts" ("network", "post_id", "author", "created_at", "likes", "shares", "quotes", "replies")
                        VALUES ({NetworkCodes.CodeOf("@Network")}, @PostId, @Handle, @CreatedAt, 1, 0, 0, 0)
                        ON CONFLICT ("network", "post_id") DO UPDATE SET "likes" = excluded."likes"
                        """,
                        new { account.Network, PostId = $"{account.Handle}/{i}", account.Handle, CreatedAt = UtcMicros.FromDateTimeOffset(now) },
                        transaction);
                }

                await connection.ExecuteAsync(
                    """INSERT INTO "lease_test_runs" ("network", "handle", "owner") VALUES (@Network, @Handle, @owner)""",
                    new { account.Network, account.Handle, owner },
                    transaction);
                await connection.ExecuteAsync(
                    """
                    INSERT INTO "collector_state" ("network", "handle", "last_run_at", "next_run_at") VALUES (@Network, @Handle, @Now, @Next)
                    ON CONFLICT ("network", "handle") DO UPDATE SET "last_run_at" = excluded."last_run_at", "next_run_at" = excluded."next_run_at"
                    """,
                    new { account.Network, account.Handle, Now = UtcMicros.FromDateTimeOffset(now), Next = UtcMicros.FromDateTimeOffset(now.AddHours(1)) },
                    transaction);
                return true;
            });
            Console.WriteLine(committed ? $"committed {account.Handle}" : $"lost {account.Handle}");
            await _leases.ReleaseAsync(owner, account.Network, account.Handle);
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested)
        {
            Console.WriteLine($"lost {account.Handle}");
        }
        finally
        {
            _working.TryRemove(account.Handle, out _);
        }
    }

    // Renews a few times per lease; an account whose lease is gone is abandoned mid-work.
    private async Task HeartbeatAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(lease / 4);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                // Only what was in progress before the renewal: an account leased meanwhile is not lost.
                var working = _working.ToArray();
                var held = (await _leases.RenewAsync(owner, [.. working.Select(w => (Network, w.Key))], lease, ct))
                    .Select(key => key.Handle).ToHashSet(StringComparer.Ordinal);
                foreach (var (handle, lost) in working.Where(w => !held.Contains(w.Key)))
                {
                    await lost.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private Task<bool> AllCollectedAsync() =>
        factory.ReadAsync(async (connection, ct) => await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            SELECT COUNT(*) FROM "accounts" a
            WHERE NOT EXISTS (SELECT 1 FROM "lease_test_runs" r WHERE r."network" = a."network" AND r."handle" = a."handle")
            """,
            cancellationToken: ct)) == 0);
}
