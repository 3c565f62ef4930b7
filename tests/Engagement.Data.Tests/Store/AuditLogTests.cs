using Engagement.Data.Store.Audit;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;

namespace Engagement.Data.Tests.Store;

/// <summary>The audit entry of a request travels with its first write: committed together, or not at all.</summary>
public sealed class AuditLogTests(string provider) : StoreTests(provider)
{
    [Test]
    public async Task The_first_write_records_the_entry_in_its_transaction_and_the_status_completes_it()
    {
        await using var store = await CreateStoreAsync();
        var log = new AuditLogRepository(store.Factory);
        var scope = new AuditScope("default", 7, "ops", "POST /api/v1/brands", "/api/v1/brands", "203.0.113.9");
        AuditScope.Current = scope;
        try
        {
            await new BrandRepository(store.Factory).UpsertAsync(new Brand("acme", "Acme", null));
            Assert.That(scope.RecordedId, Is.Not.Null);
            Assert.That((await log.ListAsync(null, null, 10)).Single().Status, Is.Null, "recorded with the write, before the answer is known");
            await new BrandRepository(store.Factory).UpsertAsync(new Brand("bolt", "Bolt", null));
            await log.FinishAsync(scope, 201);
        }
        finally
        {
            AuditScope.Current = null;
        }

        var entry = (await log.ListAsync("default", null, 10)).Single();
        Assert.That((entry.Id, entry.KeyId, entry.KeyName, entry.Action, entry.Target, entry.Status, entry.RemoteAddress),
            Is.EqualTo((scope.RecordedId!.Value, (long?)7, "ops", "POST /api/v1/brands", "/api/v1/brands", (int?)201, "203.0.113.9")), "one entry per request");
        Assert.That(await log.ListAsync("agency", null, 10), Is.Empty);
    }

    [Test]
    public async Task A_write_that_rolls_back_takes_its_entry_with_it_and_the_refusal_is_recorded_alone()
    {
        await using var store = await CreateStoreAsync();
        var log = new AuditLogRepository(store.Factory);
        var scope = new AuditScope("default", 7, "ops", "PUT /api/v1/peer-sets/{name}", "/api/v1/peer-sets/rivals", null);
        AuditScope.Current = scope;
        try
        {
            Assert.That(() => new PeerSetRepository(store.Factory).SetAsync("default", "rivals", ["nobody"]), Throws.InstanceOf<NotFoundException>());
            Assert.That(scope.RecordedId, Is.Null);
            Assert.That(await store.CountAsync("audit_log"), Is.Zero, "rolled back with the write");
            await log.FinishAsync(scope, 400);
        }
        finally
        {
            AuditScope.Current = null;
        }

        Assert.That((await log.ListAsync(null, null, 10)).Select(e => (e.Target, e.Status)), Is.EqualTo(new[] { ("/api/v1/peer-sets/rivals", (int?)400) }));
    }

    [Test]
    public async Task Entries_are_paged_newest_first()
    {
        await using var store = await CreateStoreAsync();
        var log = new AuditLogRepository(store.Factory);
        foreach (var target in new[] { "a", "b", "c" })
        {
            await log.FinishAsync(new AuditScope("default", null, null, "DELETE /x", target, null), 204);
        }

        var first = await log.ListAsync(null, null, 2);
        var rest = await log.ListAsync(null, first[^1].Id, 2);
        Assert.That(first.Concat(rest).Select(e => e.Target), Is.EqualTo(new[] { "c", "b", "a" }));
    }
}
