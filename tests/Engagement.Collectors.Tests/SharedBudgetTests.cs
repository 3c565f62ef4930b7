using Engagement.Collectors.Storage;
using Engagement.Collectors.Tests.Infrastructure;
using Engagement.Data.Store;
using Engagement.Data.Store.Postgres;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;
using Npgsql;

namespace Engagement.Collectors.Tests;

/// <summary>
/// Two collector processes (two hosts, each with its own in-process limiters) on one store and one
/// network: together they never send more than the configured limit in any window, on SQLite and
/// on PostgreSQL (<c>ENGAGEMENT_TEST_POSTGRES</c>, set by .ci/run).
/// </summary>
[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class SharedBudgetTests(string provider)
{
    private const int Limit = 4;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private string _folder = "";
    private string? _schema;
    private IDbConnectionFactory _factory = null!;

    [SetUp]
    public async Task CreateStoreAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "engagement-collector-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _factory = provider == "postgres" ? await PostgresAsync() : new SqliteConnectionFactory(Path.Combine(_folder, "store.db"));
        await new StoreMigrator(_factory).MigrateAsync();
        await new BrandRepository(_factory).UpsertAsync(new Brand("acme", "Acme", "retail"));
        await new AccountRepository(_factory).AddAsync(new Account("acme", "mastodon", MastodonFake.Handle));
        await new BrandRepository(_factory).UpsertAsync(new Brand("beta", "Beta", "retail"));
        await new AccountRepository(_factory).AddAsync(new Account("beta", "mastodon", MastodonFake.BetaHandle));
    }

    [TearDown]
    public async Task DeleteStoreAsync()
    {
        if (_factory is SqliteConnectionFactory sqlite)
        {
            sqlite.ClearPool();
        }
        else if (_factory is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
            await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("ENGAGEMENT_TEST_POSTGRES"));
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"""DROP SCHEMA IF EXISTS "{_schema}" CASCADE""", connection);
            await drop.ExecuteNonQueryAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task A_second_process_a_minute_later_and_two_at_once_share_the_instance_limit()
    {
        var time = new ManualTimeProvider(CollectorHarness.Start);
        await using var api = (await FakeApi.StartAsync(time)).ServeMastodonAcme(time);
        var settings = new Dictionary<string, string?>
        {
            ["Collectors:Mastodon:RateLimit"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Collectors:Mastodon:RateLimitWindow"] = Window.ToString(),
        };
        await using var one = Process(api, time, settings);
        await using var two = Process(api, time, settings);

        var first = await one.Runner.RunOnceAsync("mastodon");
        var sent = api.Requests.Count;
        time.Advance(TimeSpan.FromMinutes(1));
        var second = await two.Runner.RunOnceAsync("mastodon");
        time.Advance(TimeSpan.FromMinutes(1));
        var together = await Task.WhenAll(one.Runner.RunOnceAsync("mastodon"), two.Runner.RunOnceAsync("mastodon"));

        Assert.That(sent, Is.GreaterThan(Limit), "one pass needs more than the limit: the window matters");
        Assert.That(new[] { first, second, together[0], together[1] }.Sum(run => run.Failed), Is.Zero);
        Assert.That(second.Succeeded, Is.EqualTo(2));
        Assert.That(Violations(api), Is.Empty);
    }

    [Test]
    public async Task A_granted_request_holds_the_clock_until_it_is_sent()
    {
        // The race CI once hit: a grant counted at 12:00, then another worker's wait moved the test
        // clock to 12:10 before the granted request went out, so the server saw it in the next
        // window. A grant is a deadline on the clock until its request's attempt has started.
        var time = new ManualTimeProvider(CollectorHarness.Start);
        var options = new Engagement.Collectors.Options.MastodonCollectorOptions { RateLimit = 1, RateLimitWindow = Window };
        var gate = new Engagement.Collectors.Http.NetworkGate(
            new Engagement.Collectors.Http.MastodonPolicy(), options, time, new RequestBudgetRepository(_factory));
        var budget = gate.GetLane("mastodon.example").Budget;

        var grant = await budget.AcquireAsync(1, CancellationToken.None);
        var waiting = budget.AcquireAsync(1, CancellationToken.None).AsTask();
        await Task.Delay(50);
        var heldAt = time.GetUtcNow();
        grant.Dispose();
        using var second = await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(heldAt, Is.EqualTo(CollectorHarness.Start), "no jump while the first request was not sent");
        Assert.That(time.GetUtcNow(), Is.GreaterThanOrEqualTo(CollectorHarness.Start + Window), "the second waited a whole window once the first was sent");
    }

    private CollectorHarness Process(FakeApi api, ManualTimeProvider time, Dictionary<string, string?> settings) =>
        CollectorHarness.Create(mastodon: api, time: time, settings: settings, store: new SqlCollectorStore(_factory), database: _factory);

    /// <summary>Every window (from any request on) holding more requests than the limit.</summary>
    private static List<string> Violations(FakeApi api)
    {
        var times = api.Requests.Select(r => r.At).Order().ToList();
        return times
            .Select(start => (start, count: times.Count(t => t >= start && t < start + Window)))
            .Where(w => w.count > Limit)
            .Select(w => $"{w.count} requests in {Window} from {w.start:O}: {string.Join(", ", times.Select(t => t.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)))}")
            .ToList();
    }

    private async Task<IDbConnectionFactory> PostgresAsync()
    {
        var server = Environment.GetEnvironmentVariable("ENGAGEMENT_TEST_POSTGRES") ?? "";
        if (server.Length == 0)
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail("ENGAGEMENT_TEST_POSTGRES is not set: CI must run the PostgreSQL tests");
            }

            Assert.Ignore("ENGAGEMENT_TEST_POSTGRES is not set: PostgreSQL tests skipped");
        }

        _schema = "t_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"""CREATE SCHEMA "{_schema}" """, connection);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(PostgresConnectionString.Normalize(server)) { SearchPath = _schema }.ConnectionString;
        return new PostgresConnectionFactory(connectionString);
    }
}
