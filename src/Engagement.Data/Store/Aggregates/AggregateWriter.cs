using System.Data.Common;
using Engagement.Data.Store.Import;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Aggregates;

/// <summary>
/// The prepared statements that store a batch of recomputed accounts and clear their marks;
/// queued many to a round trip where the provider batches (<see cref="WriteQueue"/>), so the
/// caller ends with <see cref="FlushAsync"/>.
/// </summary>
internal sealed class AggregateWriter(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
{
    private const string UpsertSummarySql = """
        INSERT INTO "account_aggregates" ("network", "handle", "first_month", "last_month", "latest_own_post", "earliest_followers", "latest_followers")
        VALUES (@network, @handle, @first, @last, @latest, @earliest_followers, @latest_followers)
        ON CONFLICT ("network", "handle") DO UPDATE SET "first_month" = excluded."first_month", "last_month" = excluded."last_month",
            "latest_own_post" = excluded."latest_own_post", "earliest_followers" = excluded."earliest_followers",
            "latest_followers" = excluded."latest_followers"
        """;

    private const string UpsertMonthSql = """
        INSERT INTO "account_months" ("month", "network", "handle", "data") VALUES (@month, @network, @handle, @data)
        ON CONFLICT ("month", "network", "handle") DO UPDATE SET "data" = excluded."data"
        """;

    private readonly WriteQueue _queue = new(connection, transaction);

    private readonly BatchCommand _summary = new(connection, transaction, UpsertSummarySql,
        "network", "handle", "first", "last", "latest", "earliest_followers", "latest_followers");

    private readonly BatchCommand _month = new(connection, transaction, UpsertMonthSql, "month", "network", "handle", "data");

    private readonly BatchCommand _deleteMonth = new(connection, transaction,
        """DELETE FROM "account_months" WHERE "month" = @month AND "network" = @network AND "handle" = @handle""", "month", "network", "handle");

    private readonly BatchCommand _deleteSummary = new(connection, transaction,
        """DELETE FROM "account_aggregates" WHERE "network" = @network AND "handle" = @handle""", "network", "handle");

    private readonly BatchCommand _clear = new(connection, transaction,
        """DELETE FROM "aggregate_dirty" WHERE "network" = @network AND "handle" = @handle AND "generation" = @generation""",
        "network", "handle", "generation");

    public async Task WriteAsync(AccountKey key, AccountAggregate aggregate, (int? First, int? Last) previous, CancellationToken ct)
    {
        var summary = aggregate.Summary;
        await _summary.Set(0, key.Network).Set(1, key.Handle).Set(2, summary.FirstMonth).Set(3, summary.LastMonth)
            .Set(4, summary.LatestOwnPost).Set(5, summary.EarliestFollowers).Set(6, summary.LatestFollowers).QueueAsync(_queue, ct);
        foreach (var month in aggregate.Months)
        {
            await _month.Set(0, month.Month).Set(1, key.Network).Set(2, key.Handle).Set(3, MonthCodec.Encode(month)).QueueAsync(_queue, ct);
        }

        // Months the account no longer covers: outside its range they are never read, but they
        // would pile up.
        if (previous is { First: { } first, Last: { } last })
        {
            for (var month = first; month <= last; month++)
            {
                if (summary.FirstMonth is null || month < summary.FirstMonth || month > summary.LastMonth)
                {
                    await _deleteMonth.Set(0, month).Set(1, key.Network).Set(2, key.Handle).QueueAsync(_queue, ct);
                }
            }
        }
    }

    /// <summary>Clears the mark seen at <paramref name="generation"/>; an untracked account's summary goes too.</summary>
    public async Task ClearAsync(AccountKey key, long generation, bool tracked, CancellationToken ct)
    {
        if (!tracked)
        {
            await _deleteSummary.Set(0, key.Network).Set(1, key.Handle).QueueAsync(_queue, ct);
        }

        await _clear.Set(0, key.Network).Set(1, key.Handle).Set(2, generation).QueueAsync(_queue, ct);
    }

    /// <summary>Sends what is still queued.</summary>
    public Task FlushAsync(CancellationToken ct) => _queue.FlushAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await _queue.DisposeAsync();
        await _summary.DisposeAsync();
        await _month.DisposeAsync();
        await _deleteMonth.DisposeAsync();
        await _deleteSummary.DisposeAsync();
        await _clear.DisposeAsync();
    }
}
