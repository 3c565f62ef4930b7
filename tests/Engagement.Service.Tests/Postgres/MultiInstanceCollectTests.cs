using System.Collections.Concurrent;
using System.Diagnostics;
using Dapper;
using Engagement.Data.Store;
using Engagement.Data.Store.Postgres;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;

namespace Engagement.Service.Tests.Postgres;

/// <summary>
/// Three <c>engagement collect</c> processes on one PostgreSQL database and one fake Mastodon;
/// one is killed in the middle of collecting. Every account must end up collected, every post
/// stored once, no account collected by two instances at the same time, and the killed
/// instance's accounts taken over once its leases expired.
/// </summary>
public sealed class MultiInstanceCollectTests
{
    private const int Accounts = 24;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);

    [Test]
    public async Task Three_collect_processes_one_killed_collect_every_account_and_store_every_post_once()
    {
        var schema = "multi_" + Guid.NewGuid().ToString("N");
        var connectionString = StoreProviders.CreateSchema(schema);
        var folder = Directory.CreateTempSubdirectory("engagement-multi-").FullName;
        await using var fake = new FakeMastodon(TimeSpan.FromMilliseconds(400));
        var instances = new List<Instance>();
        try
        {
            await using (var factory = new PostgresConnectionFactory(connectionString))
            {
                await new StoreMigrator(factory).MigrateAsync();
                for (var i = 0; i < Accounts; i++)
                {
                    await new BrandRepository(factory).UpsertAsync(new Brand($"b{i:00}", $"Brand {i}", null));
                    await new AccountRepository(factory).AddAsync(new Account($"b{i:00}", "mastodon", FakeMastodon.Handle(i)));
                }
            }

            await fake.StartAsync();
            // Listings wait until the victim is dead: whatever it leased cannot be committed before
            // the kill, however slow the machine (a race the test lost under load before).
            fake.Hold();
            instances.AddRange(Enumerable.Range(0, 3).Select(_ => Instance.Start(connectionString, fake.Root, folder)));
            await using var store = new PostgresConnectionFactory(connectionString);

            // Kill the first instance while it holds leases on accounts it has not committed yet.
            var victim = instances[0];
            var orphaned = await WaitForAsync(() => OrphansAsync(store, victim.Process.Id), found => found.Count > 0, victim);
            victim.Process.Kill(entireProcessTree: true);
            await victim.Process.WaitForExitAsync();
            fake.Release();

            await WaitForAsync(() => CollectedAsync(store), count => count == Accounts, instances[1], () => ErrorsAsync(store));

            var posts = await QueryAsync<long>(store, """SELECT COUNT(*) FROM "posts" """);
            var distinct = await QueryAsync<long>(store, """SELECT COUNT(DISTINCT "post_id") FROM "posts" WHERE "network" = (SELECT "code" FROM "networks" WHERE "id" = 'mastodon')""");
            Assert.That((posts, distinct), Is.EqualTo(((long)Accounts * FakeMastodon.PostsPerAccount, (long)Accounts * FakeMastodon.PostsPerAccount)));
            Assert.That(fake.Overlaps, Is.Empty, "an account was collected by two instances at the same time");
            Assert.That(orphaned, Is.Not.Empty);
            var owners = await store.ReadAsync(async (connection, ct) => (await connection.QueryAsync<string?>(
                """SELECT "owner" FROM "account_leases" WHERE "owner" IS NOT NULL AND "handle" = ANY(@orphaned)""",
                new { orphaned = orphaned.ToArray() })).ToList());
            Assert.That(owners.Where(o => o!.Contains($"/{victim.Process.Id}/", StringComparison.Ordinal)), Is.Empty,
                "the killed instance's leases expired");
            foreach (var survivor in instances.Skip(1))
            {
                Assert.That(survivor.Process.HasExited, Is.False, survivor.Log);
            }
        }
        finally
        {
            foreach (var instance in instances)
            {
                instance.Dispose();
            }

            StoreProviders.DropSchema(schema);
            Directory.Delete(folder, recursive: true);
        }
    }

    // Accounts a live lease of the process holds that have no collector state yet (not committed).
    private static Task<List<string>> OrphansAsync(IDbConnectionFactory store, int pid) =>
        store.ReadAsync(async (connection, ct) => (await connection.QueryAsync<string>(
            """
            SELECT l."handle" FROM "account_leases" l
            WHERE l."owner" LIKE @owner AND l."expires_at" > @now
              AND NOT EXISTS (SELECT 1 FROM "collector_state" s WHERE s."network" = l."network" AND s."handle" = l."handle")
            """,
            new { owner = $"%/{pid}/%", now = UtcMicros.FromDateTimeOffset(DateTimeOffset.UtcNow) })).ToList());

    // Accounts whose run succeeded: a state row without an error.
    private static Task<long> CollectedAsync(IDbConnectionFactory store) => QueryAsync<long>(
        store, """SELECT COUNT(*) FROM "collector_state" WHERE "last_run_at" IS NOT NULL AND "last_error" IS NULL""");

    private static async Task<string> ErrorsAsync(IDbConnectionFactory store) => string.Join("\n", await store.ReadAsync(
        (connection, ct) => connection.QueryAsync<string>(new CommandDefinition(
            """SELECT DISTINCT "last_error" FROM "collector_state" WHERE "last_error" IS NOT NULL""", cancellationToken: ct))));

    private static Task<T> QueryAsync<T>(IDbConnectionFactory store, string sql) =>
        store.ReadAsync((connection, ct) => connection.ExecuteScalarAsync<T>(new CommandDefinition(sql, cancellationToken: ct)))!;

    private static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, Instance witness, Func<Task<string>>? errors = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                Assert.Fail($"timed out at {value}; collector errors:\n{(errors is null ? "" : await errors())}\nlog:\n{witness.Log}");
            }

            await Task.Delay(50);
        }
    }

    private sealed class Instance : IDisposable
    {
        private readonly ConcurrentQueue<string> _lines = new();

        private Instance(Process process) => Process = process;

        public Process Process { get; }

        public string Log => string.Join("\n", _lines.TakeLast(40));

        public static Instance Start(string connectionString, Uri mastodon, string folder)
        {
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
            var start = new ProcessStartInfo(host)
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "engagement.dll"), "collect", "--db", connectionString })
            {
                start.ArgumentList.Add(argument);
            }

            // Short passes and leases, so a dead instance's accounts come back within seconds.
            start.Environment["Collectors__Mastodon__BaseUrl"] = mastodon.ToString();
            start.Environment["Collectors__Outbound__AllowedRanges__0"] = "127.0.0.0/8";
            start.Environment["Collectors__Mastodon__Interval"] = "00:00:03";
            start.Environment["Collectors__Mastodon__LeaseDuration"] = $"00:00:0{(int)Lease.TotalSeconds}";
            start.Environment["Collectors__Mastodon__MaxConcurrency"] = "2";
            start.Environment["Collectors__Bluesky__Enabled"] = "false";
            start.Environment["Collectors__YouTube__Enabled"] = "false";
            var instance = new Instance(Process.Start(start)!);
            instance.Process.OutputDataReceived += (_, e) => instance.Record(e.Data);
            instance.Process.ErrorDataReceived += (_, e) => instance.Record(e.Data);
            instance.Process.BeginOutputReadLine();
            instance.Process.BeginErrorReadLine();
            return instance;
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit();
            }

            Process.Dispose();
        }

        private void Record(string? line)
        {
            if (line is not null)
            {
                _lines.Enqueue(line);
            }
        }
    }
}
