using Engagement.Data.Store;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;

namespace Engagement.Data.Tests.Store;

public sealed class AccountLeaseTests(string provider) : StoreTests(provider)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly ManualClock _clock = new(new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.Zero));

    [Test]
    public async Task Each_account_is_leased_to_one_owner_until_released()
    {
        await using var store = await StoreWithAccountsAsync(3);
        var leases = new AccountLeaseRepository(store.Factory);

        var a = await leases.TryLeaseAsync("a", "mastodon", 2, Lease);
        var b = await leases.TryLeaseAsync("b", "mastodon", 2, Lease);
        var none = await leases.TryLeaseAsync("c", "mastodon", 2, Lease);
        var released = await leases.ReleaseAsync("a", "mastodon", a[0].Account.Handle);
        var again = await leases.TryLeaseAsync("c", "mastodon", 2, Lease);

        Assert.That(Handles(a), Is.EqualTo(new[] { "u0@x.example", "u1@x.example" }));
        Assert.That(a[0].Account, Is.EqualTo(new Account("brand0", "mastodon", "u0@x.example")));
        Assert.That(a[0].ExpiresAt, Is.EqualTo(_clock.Now + Lease));
        Assert.That(Handles(b), Is.EqualTo(new[] { "u2@x.example" }));
        Assert.That(none, Is.Empty);
        Assert.That(released, Is.True);
        Assert.That(Handles(again), Is.EqualTo(new[] { "u0@x.example" }));
        Assert.That(await leases.ReleaseAsync("a", "mastodon", "u0@x.example"), Is.False, "no longer a's");
        Assert.That(await leases.TryLeaseAsync("a", "bluesky", 5, Lease), Is.Empty, "other networks are apart");
    }

    [Test]
    public async Task An_expired_lease_is_taken_over_and_its_old_owner_can_no_longer_commit()
    {
        await using var store = await StoreWithAccountsAsync(2);
        var leases = new AccountLeaseRepository(store.Factory);
        await leases.TryLeaseAsync("dead", "mastodon", 5, Lease);

        _clock.Now += Lease - TimeSpan.FromSeconds(1);
        var early = await leases.TryLeaseAsync("alive", "mastodon", 5, Lease);
        _clock.Now += TimeSpan.FromSeconds(1);
        var taken = await leases.TryLeaseAsync("alive", "mastodon", 5, Lease);

        Assert.That(early, Is.Empty);
        Assert.That(Handles(taken), Is.EqualTo(new[] { "u0@x.example", "u1@x.example" }));
        Assert.That(await leases.RenewAsync("dead", [("mastodon", "u0@x.example")], Lease), Is.Empty, "the dead owner's heartbeat finds nothing left");
        Assert.That(await ConfirmAsync(store, "dead", "u0@x.example"), Is.False);
        Assert.That(await ConfirmAsync(store, "alive", "u0@x.example"), Is.True);
        Assert.That((await leases.ListHeldAsync()).Select(l => l.Owner), Is.All.EqualTo("alive"));
    }

    [Test]
    public async Task A_heartbeat_keeps_the_leases_past_their_first_expiry()
    {
        await using var store = await StoreWithAccountsAsync(2);
        var leases = new AccountLeaseRepository(store.Factory);
        await leases.TryLeaseAsync("a", "mastodon", 2, Lease);

        _clock.Now += TimeSpan.FromSeconds(20);
        var renewed = await leases.RenewAsync("a", [("mastodon", "u0@x.example"), ("mastodon", "u9@x.example")], Lease);
        _clock.Now += TimeSpan.FromSeconds(20);
        var other = await leases.TryLeaseAsync("b", "mastodon", 5, Lease);

        Assert.That(renewed, Is.EqualTo(new[] { ("mastodon", "u0@x.example") }), "only what a holds");
        Assert.That(Handles(other), Is.EqualTo(new[] { "u1@x.example" }), "the lease a did not renew expired");
        Assert.That(await leases.ReleaseAllAsync("a"), Is.EqualTo(1));
        Assert.That(Handles(await leases.TryLeaseAsync("b", "mastodon", 5, Lease)), Is.EqualTo(new[] { "u0@x.example" }));
    }

    [Test]
    public async Task Only_due_accounts_not_run_since_the_pass_began_are_leased_longest_waiting_first()
    {
        await using var store = await StoreWithAccountsAsync(4);
        var now = _clock.Now;
        await CollectorStateRows.PutAsync(store.Factory, "mastodon", "u0@x.example", now.AddMinutes(-20), now.AddMinutes(-5));
        await CollectorStateRows.PutAsync(store.Factory, "mastodon", "u1@x.example", now.AddMinutes(-20), now.AddMinutes(10));
        await CollectorStateRows.PutAsync(store.Factory, "mastodon", "u2@x.example", now.AddMinutes(-1), now.AddMinutes(-10));
        var leases = new AccountLeaseRepository(store.Factory);

        var due = await leases.TryLeaseAsync(new LeaseRequest("a", "mastodon", 10, Lease) { DueBy = now });
        await leases.ReleaseAllAsync("a");
        var pass = await leases.TryLeaseAsync(new LeaseRequest("a", "mastodon", 10, Lease) { NotRunSince = now.AddMinutes(-2) });
        await leases.ReleaseAllAsync("a");
        var brand = await leases.TryLeaseAsync(new LeaseRequest("a", "mastodon", 10, Lease) { Brand = "brand1" });

        // u3 never ran (first), then u2 and u0 by next run; u1 is not due yet.
        Assert.That(Handles(due), Is.EquivalentTo(new[] { "u3@x.example", "u2@x.example", "u0@x.example" }));
        Assert.That(Handles(pass), Is.EquivalentTo(new[] { "u0@x.example", "u1@x.example", "u3@x.example" }), "u2 ran after the pass began");
        Assert.That(Handles(brand), Is.EqualTo(new[] { "u1@x.example" }));
    }

    [Test]
    public async Task The_longest_waiting_accounts_are_leased_first()
    {
        await using var store = await StoreWithAccountsAsync(3);
        await CollectorStateRows.PutAsync(store.Factory, "mastodon", "u0@x.example", null, _clock.Now.AddMinutes(-1));
        await CollectorStateRows.PutAsync(store.Factory, "mastodon", "u1@x.example", null, _clock.Now.AddMinutes(-9));

        var first = await new AccountLeaseRepository(store.Factory).TryLeaseAsync("a", "mastodon", 2, Lease);

        Assert.That(Handles(first), Is.EqualTo(new[] { "u1@x.example", "u2@x.example" }), "never run, then the oldest next run");
    }

    [Test]
    public async Task Concurrent_owners_never_lease_the_same_account()
    {
        await using var store = await StoreWithAccountsAsync(40);
        var owners = Enumerable.Range(0, 8).Select(i => (Owner: $"owner{i}", Leases: new AccountLeaseRepository(store.OpenAnother(_clock)))).ToList();

        var claims = await Task.WhenAll(owners.Select(o => Task.Run(async () =>
        {
            var mine = new List<string>();
            while (await o.Leases.TryLeaseAsync(o.Owner, "mastodon", 3, Lease) is { Count: > 0 } got)
            {
                mine.AddRange(Handles(got));
            }

            return mine;
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.That(all, Is.Unique);
        Assert.That(all, Has.Count.EqualTo(40));
        Assert.That(await store.CountAsync("account_leases"), Is.EqualTo(40));
    }

    [Test]
    public async Task A_deleted_account_is_not_leased_and_its_free_lease_row_goes()
    {
        await using var store = await StoreWithAccountsAsync(2);
        var leases = new AccountLeaseRepository(store.Factory);
        await leases.TryLeaseAsync("a", "mastodon", 5, Lease);
        await leases.ReleaseAllAsync("a");

        await new AccountRepository(store.Factory).DeleteAsync("mastodon", "u1@x.example");
        var again = await leases.TryLeaseAsync("a", "mastodon", 5, Lease);

        Assert.That(Handles(again), Is.EqualTo(new[] { "u0@x.example" }));
        Assert.That(await store.CountAsync("account_leases"), Is.EqualTo(1));
    }

    private static string[] Handles(IEnumerable<AccountLease> leases) => [.. leases.Select(l => l.Account.Handle)];

    private static Task<bool> ConfirmAsync(TestStore store, string owner, string handle) =>
        store.Factory.WriteAsync((connection, transaction, ct) =>
            AccountLeaseRepository.ConfirmAsync(connection, transaction, owner, "mastodon", handle, store.Factory.Time.GetUtcNow(), ct));

    private async Task<TestStore> StoreWithAccountsAsync(int count)
    {
        var store = await CreateStoreAsync(time: _clock);
        var brands = new BrandRepository(store.Factory);
        var accounts = new AccountRepository(store.Factory);
        for (var i = 0; i < count; i++)
        {
            await brands.UpsertAsync(new Brand($"brand{i}", $"Brand {i}", null));
            await accounts.AddAsync(new Account($"brand{i}", "mastodon", $"u{i}@x.example"));
        }

        return store;
    }
}
