using System.Data.Common;
using Dapper;
using Engagement.Domain.Model;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Engagement.Data.Store.Aggregates;

/// <summary>
/// Finished reports kept in the store (migration 4), each valid only at the data version it was
/// computed at: read in the same snapshot as the current version, so a report computed before a
/// change is never served after it, by this process or any other. Bodies are stored packed
/// (<see cref="SnapshotPacking"/>).
/// </summary>
public sealed class ReportSnapshotStore(IDbConnectionFactory factory, ILogger<ReportSnapshotStore> log)
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
    /// Best effort: a store busy with another writer keeps what it has, and a store that refuses the
    /// write (a full disk, a read-only file) is logged, not thrown: the report is already made and
    /// is delivered all the same; the next request makes it again. The body may come in consecutive
    /// segments, as it was written.
    /// </summary>
    public async Task<bool> PutAsync(string key, long version, IReadOnlyList<ReadOnlyMemory<byte>> body, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var packed = SnapshotPacking.PackSegments(body);
        try
        {
            await factory.WriteAsync(
                async (connection, transaction, token) =>
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        """DELETE FROM "report_snapshots" WHERE "data_version" < @version""", new { version }, transaction, cancellationToken: token));
                    var now = UtcMicros.FromDateTimeOffset(factory.Time.GetUtcNow());
                    if (connection is SqliteConnection sqlite)
                    {
                        await InsertInPlaceAsync(sqlite, transaction, key, version, now, packed, token);
                    }
                    else
                    {
                        await connection.ExecuteAsync(new CommandDefinition(
                            Upsert("@body"), new { key, version, now, body = ByteSegments.Gather(packed) }, transaction, cancellationToken: token));
                    }
                },
                ct);
            return true;
        }
        catch (Exception error) when (factory.Dialect.IsTransient(error))
        {
            return false;
        }
        catch (DbException error)
        {
            log.LogWarning(error, "The report {Key} was made but not kept: the store refused it", key);
            return false;
        }
    }

    // SQLite: the row stored with a blob of zeros of the body's length, the packed segments then
    // written into its pages. Bound as one parameter, a 25 MB body was copied three times more in
    // fresh memory (gathered, SQLite's own copy of the parameter, the record built from it) before
    // it reached the pages (bench/RESULTS.md, issue 16 eighth pass).
    private static async Task InsertInPlaceAsync(
        SqliteConnection connection, DbTransaction transaction, string key, long version, long now, IReadOnlyList<ReadOnlyMemory<byte>> packed, CancellationToken ct)
    {
        var length = packed.Sum(segment => (long)segment.Length);
        var rowid = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            Upsert("zeroblob(@length)") + """ RETURNING "rowid" """, new { key, version, now, length }, transaction, cancellationToken: ct));
        using var blob = new SqliteBlob(connection, "report_snapshots", "body", rowid);
        foreach (var segment in packed)
        {
            ct.ThrowIfCancellationRequested();
            blob.Write(segment.Span);
        }
    }

    private static string Upsert(string body) => $"""
        INSERT INTO "report_snapshots" ("key", "data_version", "created_at", "body") VALUES (@key, @version, @now, {body})
        ON CONFLICT ("key") DO UPDATE SET "data_version" = excluded."data_version", "created_at" = excluded."created_at", "body" = excluded."body"
        """;
}
