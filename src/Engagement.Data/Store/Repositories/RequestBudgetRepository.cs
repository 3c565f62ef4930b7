using Dapper;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Repositories;

/// <summary>What a <see cref="RequestBudgetRepository.TryTakeAsync"/> found: granted, or the oldest grant still counted.</summary>
public readonly record struct BudgetTake(bool Granted, DateTimeOffset? OldestCounted);

/// <summary>
/// The request budgets all processes of one store share: per (network, lane), the grants of the
/// lane's current window. A take locks the lane's row first (an upsert: a row lock on PostgreSQL,
/// the single writer on SQLite), so concurrent takers (threads, processes, instances) count and
/// grant one at a time and can never together pass the limit. The same SQL on both engines.
/// </summary>
public sealed class RequestBudgetRepository(IDbConnectionFactory factory)
{
    /// <summary>
    /// Grants <paramref name="cost"/> units at <paramref name="now"/> if the grants at or after
    /// <paramref name="countsFrom"/> plus this one stay within <paramref name="limit"/>; otherwise
    /// grants nothing and tells the oldest grant still counted (its expiry frees budget). Deletes
    /// the lane's grants that no longer count.
    /// </summary>
    public Task<BudgetTake> TryTakeAsync(
        string network, string lane, DateTimeOffset now, DateTimeOffset countsFrom, int cost, int limit, CancellationToken ct = default) =>
        TryTakeAsync(network, lane, () => (now, countsFrom), cost, limit, ct);

    /// <summary>
    /// As above, with the instant and the start of its window read by <paramref name="instant"/> once the
    /// lane is locked: a taker that waited for the lock (another taker, another writer of the store) counts
    /// the instant it was granted, which is the instant its request goes out, not the instant it asked.
    /// </summary>
    public Task<BudgetTake> TryTakeAsync(
        string network, string lane, Func<(DateTimeOffset Now, DateTimeOffset CountsFrom)> instant, int cost, int limit, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cost);
        return factory.WriteAsync(
            async (connection, transaction, token) =>
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO "request_budget_lanes" ("network", "lane", "grants") VALUES (@network, @lane, 0)
                    ON CONFLICT ("network", "lane") DO UPDATE SET "grants" = "request_budget_lanes"."grants" + 1
                    """,
                    new { network, lane },
                    transaction,
                    cancellationToken: token));
                var (now, countsFrom) = instant();
                var parameters = new
                {
                    network,
                    lane,
                    Now = UtcMicros.FromDateTimeOffset(now),
                    From = UtcMicros.FromDateTimeOffset(countsFrom),
                    cost,
                    limit,
                };
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    DELETE FROM "request_budget" WHERE "network" = @network AND "lane" = @lane AND "granted_at" < @From
                    """,
                    parameters,
                    transaction,
                    cancellationToken: token));
                var granted = await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO "request_budget" ("network", "lane", "granted_at", "cost")
                    SELECT @network, @lane, @Now, @cost
                    WHERE @cost + (SELECT COALESCE(SUM("cost"), 0) FROM "request_budget"
                                   WHERE "network" = @network AND "lane" = @lane AND "granted_at" >= @From) <= @limit
                    """,
                    parameters,
                    transaction,
                    cancellationToken: token));
                if (granted > 0)
                {
                    return new BudgetTake(true, null);
                }

                var oldest = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                    """SELECT MIN("granted_at") FROM "request_budget" WHERE "network" = @network AND "lane" = @lane AND "granted_at" >= @From""",
                    parameters,
                    transaction,
                    cancellationToken: token));
                return new BudgetTake(false, oldest is { } micros ? UtcMicros.ToDateTimeOffset(micros) : null);
            },
            ct);
    }

    /// <summary>
    /// Counts the whole <paramref name="limit"/> as granted at <paramref name="now"/> (the server
    /// said the quota is gone): every process then stops asking until the window ends.
    /// </summary>
    public Task SpendAllAsync(string network, string lane, DateTimeOffset now, int limit, CancellationToken ct = default) =>
        factory.WriteAsync(
            (connection, transaction, token) => connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO "request_budget" ("network", "lane", "granted_at", "cost") VALUES (@network, @lane, @Now, @limit)
                """,
                new { network, lane, Now = UtcMicros.FromDateTimeOffset(now), limit },
                transaction,
                cancellationToken: token)),
            ct);

    /// <summary>The units granted at or after <paramref name="countsFrom"/> (0 when none).</summary>
    public Task<long> UsedAsync(string network, string lane, DateTimeOffset countsFrom, CancellationToken ct = default) =>
        factory.ReadAsync(
            async (connection, token) => await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                """
                SELECT SUM("cost") FROM "request_budget"
                WHERE "network" = @network AND "lane" = @lane AND "granted_at" >= @From
                """,
                new { network, lane, From = UtcMicros.FromDateTimeOffset(countsFrom) },
                cancellationToken: token)) ?? 0,
            ct);
}
