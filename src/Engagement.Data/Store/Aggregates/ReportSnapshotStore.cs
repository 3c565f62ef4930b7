using Dapper;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Aggregates;

/// <summary>
/// Finished reports kept in the store (migration 4), each valid only at the data version it was
/// computed at: read in the same snapshot as the current version, so a report computed before a
/// change is never served after it, by this process or any other. Bodies are stored packed
/// (<see cref="SnapshotPacking"/>).
/// </summary>
public sealed class ReportSnapshotStore(IDbConnectionFactory factory)
{
    /// <summary>The report stored under <paramref name="key"/> for the current data version, or null.</summary>
    public async Task<byte[]?> GetAsync(string key, CancellationToken ct = default) =>
        await factory.ReadAsync(
            (connection, token) => connection.QuerySingleOrDefaultAsync<byte[]?>(new CommandDefinition(
                """
                SELECT s."body" FROM "report_snapshots" s JOIN "data_version" d ON d."id" = 1 AND d."version" = s."data_version"
                WHERE s."key" = @key
                """,
                new { key },
                cancellationToken: token)),
            ct) is { } stored
            ? SnapshotPacking.Unpack(stored)
            : null;

    /// <summary>
    /// Stores a report computed at <paramref name="version"/>; snapshots of older versions go.
    /// Best effort: a store busy with another writer keeps what it has (the report is already made).
    /// The body may come in consecutive segments, as it was written.
    /// </summary>
    public async Task<bool> PutAsync(string key, long version, IReadOnlyList<ReadOnlyMemory<byte>> body, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var packed = SnapshotPacking.Pack(body);
        try
        {
            await factory.WriteAsync(
                async (connection, transaction, token) =>
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        """DELETE FROM "report_snapshots" WHERE "data_version" < @version""", new { version }, transaction, cancellationToken: token));
                    await connection.ExecuteAsync(new CommandDefinition(
                        """
                        INSERT INTO "report_snapshots" ("key", "data_version", "created_at", "body") VALUES (@key, @version, @now, @body)
                        ON CONFLICT ("key") DO UPDATE SET "data_version" = excluded."data_version", "created_at" = excluded."created_at", "body" = excluded."body"
                        """,
                        new { key, version, now = UtcMicros.FromDateTimeOffset(factory.Time.GetUtcNow()), body = packed },
                        transaction,
                        cancellationToken: token));
                },
                ct);
            return true;
        }
        catch (Exception error) when (factory.Dialect.IsTransient(error))
        {
            return false;
        }
    }
}
