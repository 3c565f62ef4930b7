using Dapper;
using Engagement.Data.Store;
using Engagement.Domain.Model;

namespace Engagement.Data.Tests.Store;

/// <summary>collector_state rows as the collectors write them (the store tests do not reference the collectors).</summary>
internal static class CollectorStateRows
{
    public static Task PutAsync(IDbConnectionFactory factory, string network, string handle, DateTimeOffset? lastRunAt, DateTimeOffset? nextRunAt) =>
        factory.WriteAsync(
            (connection, transaction, token) => connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO "collector_state" ("network", "handle", "last_run_at", "next_run_at") VALUES (@network, @handle, @last, @next)
                ON CONFLICT ("network", "handle") DO UPDATE SET "last_run_at" = excluded."last_run_at", "next_run_at" = excluded."next_run_at"
                """,
                new { network, handle, last = Micros(lastRunAt), next = Micros(nextRunAt) },
                transaction,
                cancellationToken: token)),
            CancellationToken.None);

    private static long? Micros(DateTimeOffset? instant) => instant is { } value ? UtcMicros.FromDateTimeOffset(value) : null;
}
