using Engagement.Data.Store;
using Microsoft.Data.Sqlite;

namespace Engagement.Data.Tests.Store;

/// <summary>What <see cref="StoreFaults"/> makes of real faults of the store.</summary>
public sealed class StoreFaultsTests
{
    [Test]
    public async Task A_writer_held_off_past_its_wait_is_a_store_fault_that_says_the_store_is_busy()
    {
        await using var store = await TestStore.CreateAsync();
        var text = new SqliteConnectionStringBuilder { DataSource = store.Sqlite.Path, Pooling = false, DefaultTimeout = 1 }.ToString();
        using var holder = new SqliteConnection(text);
        holder.Open();
        using (var hold = holder.CreateCommand())
        {
            // What a compact (VACUUM) or an import holds for its whole length.
            hold.CommandText = """BEGIN IMMEDIATE; UPDATE "data_version" SET "version" = "version" """;
            hold.ExecuteNonQuery();
        }

        using var writer = new SqliteConnection(text);
        writer.Open();
        using (var noWait = writer.CreateCommand())
        {
            noWait.CommandText = "PRAGMA busy_timeout = 0";
            noWait.ExecuteNonQuery();
        }

        using var write = writer.CreateCommand();
        write.CommandText = """BEGIN IMMEDIATE; UPDATE "data_version" SET "version" = "version" """;
        var busy = Assert.Throws<SqliteException>(() => write.ExecuteNonQuery());

        Assert.That(busy!.SqliteErrorCode, Is.EqualTo(5));
        Assert.That(StoreFaults.Describe(new InvalidOperationException("wrapped", busy)), Does.StartWith("the store is busy (SQLITE_BUSY)"));
    }
}
