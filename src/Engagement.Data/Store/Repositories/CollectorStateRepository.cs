using Dapper;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Repositories;

/// <summary>Where a collector stands for one account: its paging cursor (or since-id) and its schedule.</summary>
public sealed record CollectorState(
    string Network,
    string Handle,
    string? Cursor,
    DateTimeOffset? LastRunAt,
    string? LastError,
    DateTimeOffset? NextRunAt);

/// <summary>Collector state per (network, handle); handles are normalised.</summary>
public sealed class CollectorStateRepository(IDbConnectionFactory factory)
{
    private const string Columns = """
        "network" AS "Network", "handle" AS "Handle", "cursor" AS "Cursor", "last_run_at" AS "LastRunAt",
        "last_error" AS "LastError", "next_run_at" AS "NextRunAt"
        """;

    public Task<CollectorState?> GetAsync(string network, string handle, CancellationToken ct = default) =>
        factory.ReadAsync(
            async (connection, token) => (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                $"""SELECT {Columns} FROM "collector_state" WHERE "network" = @network AND "handle" = @handle""",
                new { network, handle = Handle.Normalize(handle) },
                cancellationToken: token)))?.ToState(),
            ct);

    /// <summary>Every state by (network, handle).</summary>
    public Task<IReadOnlyList<CollectorState>> ListAsync(CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<CollectorState>>(
            async (connection, token) => (await connection.QueryAsync<Row>(new CommandDefinition(
                $"""SELECT {Columns} FROM "collector_state" ORDER BY "network", "handle" """, cancellationToken: token)))
                .Select(row => row.ToState()).ToList(),
            ct);

    /// <summary>Creates or replaces the state of the account.</summary>
    public Task UpsertAsync(CollectorState state, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var parameters = new
        {
            state.Network,
            Handle = Handle.Normalize(state.Handle),
            state.Cursor,
            LastRunAt = Micros(state.LastRunAt),
            state.LastError,
            NextRunAt = Micros(state.NextRunAt),
        };
        return factory.WriteAsync(
            (connection, transaction, token) => connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO "collector_state" ("network", "handle", "cursor", "last_run_at", "last_error", "next_run_at")
                VALUES (@Network, @Handle, @Cursor, @LastRunAt, @LastError, @NextRunAt)
                ON CONFLICT ("network", "handle") DO UPDATE SET
                    "cursor" = excluded."cursor", "last_run_at" = excluded."last_run_at",
                    "last_error" = excluded."last_error", "next_run_at" = excluded."next_run_at"
                """,
                parameters,
                transaction,
                cancellationToken: token)),
            ct);
    }

    private static long? Micros(DateTimeOffset? instant) => instant is { } value ? UtcMicros.FromDateTimeOffset(value) : null;

    private static DateTimeOffset? Instant(long? micros) => micros is { } value ? UtcMicros.ToDateTimeOffset(value) : null;

    private sealed class Row
    {
        public string Network { get; init; } = "";

        public string Handle { get; init; } = "";

        public string? Cursor { get; init; }

        public long? LastRunAt { get; init; }

        public string? LastError { get; init; }

        public long? NextRunAt { get; init; }

        public CollectorState ToState() => new(Network, Handle, Cursor, Instant(LastRunAt), LastError, Instant(NextRunAt));
    }
}
