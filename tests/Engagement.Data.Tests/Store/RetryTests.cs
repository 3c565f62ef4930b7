using Dapper;
using Engagement.Data.Store;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;
using Microsoft.Data.Sqlite;

namespace Engagement.Data.Tests.Store;

public sealed class RetryTests
{
    private static readonly TimeSpan LockHeld = TimeSpan.FromMilliseconds(1500);

    [Test]
    public async Task A_write_blocked_by_another_writer_is_retried_until_the_lock_is_released()
    {
        await using var store = await TestStore.CreateAsync();
        var retries = 0;
        // Waits far shorter than the lock is held, so SQLITE_BUSY reaches the retry pipeline.
        var impatient = store.Open(new SqliteStoreOptions
        {
            BusyTimeout = TimeSpan.FromMilliseconds(50),
            CommandTimeoutSeconds = 1,
            Retry = new StoreRetryOptions
            {
                MaxRetryAttempts = 8,
                BaseDelay = TimeSpan.FromMilliseconds(100),
                OnRetry = (_, _) => Interlocked.Increment(ref retries),
            },
        });

        var holder = await HoldWriteLockAsync(store);
        var outcome = await new BrandRepository(impatient).UpsertAsync(new Brand("acme", "Acme", null));
        await holder;

        Assert.That(outcome, Is.EqualTo(WriteOutcome.Created));
        Assert.That(retries, Is.GreaterThanOrEqualTo(1));
        Assert.That(await store.CountAsync("brands"), Is.EqualTo(2));
        impatient.ClearPool();
    }

    [Test]
    public async Task Without_retries_the_blocked_write_fails_with_sqlite_busy()
    {
        await using var store = await TestStore.CreateAsync();
        var impatient = store.Open(new SqliteStoreOptions
        {
            BusyTimeout = TimeSpan.FromMilliseconds(50),
            CommandTimeoutSeconds = 1,
            Retry = new StoreRetryOptions { MaxRetryAttempts = 0 },
        });

        var holder = await HoldWriteLockAsync(store);
        var error = Assert.ThrowsAsync<SqliteException>(() => new BrandRepository(impatient).UpsertAsync(new Brand("acme", "Acme", null)));
        await holder;

        Assert.That(error!.SqliteErrorCode, Is.EqualTo(5));
        impatient.ClearPool();
    }

    // Takes the write lock on another connection and returns the task that releases it later.
    private static async Task<Task> HoldWriteLockAsync(TestStore store)
    {
        var connection = await store.Factory.OpenAsync();
        var transaction = await store.Factory.Dialect.BeginWriteAsync(connection, CancellationToken.None);
        await connection.ExecuteAsync("""INSERT INTO "brands" ("id", "name") VALUES ('holder', 'Holder')""", transaction: transaction);
        return Task.Run(async () =>
        {
            await Task.Delay(LockHeld);
            await transaction.CommitAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        });
    }
}
