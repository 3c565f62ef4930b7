using System.Data.Common;
using Dapper;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Repositories;

/// <summary>An account an instance may collect until <see cref="ExpiresAt"/>, unless it renews the lease.</summary>
public sealed record AccountLease(Account Account, DateTimeOffset ExpiresAt);

/// <summary>What <see cref="AccountLeaseRepository.TryLeaseAsync(LeaseRequest, CancellationToken)"/> may claim.</summary>
/// <param name="Owner">The instance asking, e.g. <see cref="AccountLeaseRepository.NewOwnerId"/>; stable for its lifetime.</param>
/// <param name="Max">At most this many accounts (the instance's free collection slots).</param>
/// <param name="Duration">How long the leases last without a renewal: several heartbeats.</param>
public sealed record LeaseRequest(string Owner, string Network, int Max, TimeSpan Duration)
{
    /// <summary>Only this brand's account (<c>collect --brand</c>).</summary>
    public string? Brand { get; init; }

    /// <summary>Only accounts due by then: never run, or collector_state.next_run_at at or before it. Null: due or not.</summary>
    public DateTimeOffset? DueBy { get; init; }

    /// <summary>
    /// Only accounts not run since then (collector_state.last_run_at before it, or never): a pass
    /// started then takes each account once, even when another instance collected it meanwhile.
    /// </summary>
    public DateTimeOffset? NotRunSince { get; init; }
}

/// <summary>
/// Leases that share the collection of accounts among service instances: each account is
/// collected by one instance at a time. An instance claims free accounts (<see cref="TryLeaseAsync(LeaseRequest, CancellationToken)"/>),
/// renews its leases while it works (<see cref="RenewAsync"/>, the heartbeat), checks it still
/// holds the lease in the transaction that commits the account's data (<see cref="ConfirmAsync"/>)
/// and releases it (<see cref="ReleaseAsync"/>). An instance that dies stops renewing: its leases
/// expire and other instances claim the accounts. On PostgreSQL concurrent claims skip each
/// other's rows (<c>FOR UPDATE SKIP LOCKED</c>); on SQLite the claiming transaction is the only writer.
/// </summary>
public sealed class AccountLeaseRepository(IDbConnectionFactory factory)
{
    // Lease rows for the network's accounts that have none yet; leases of deleted accounts go.
    private const string AddMissingSql = """
        INSERT INTO "account_leases" ("network", "handle")
        SELECT a."network", a."handle" FROM "accounts" a
        WHERE a."network" = @Network
          AND NOT EXISTS (SELECT 1 FROM "account_leases" l WHERE l."network" = a."network" AND l."handle" = a."handle")
        ON CONFLICT DO NOTHING
        """;

    private const string DropOrphansSql = """
        DELETE FROM "account_leases"
        WHERE "network" = @Network AND "owner" IS NULL
          AND NOT EXISTS (SELECT 1 FROM "accounts" a WHERE a."network" = "account_leases"."network" AND a."handle" = "account_leases"."handle")
        """;

    private const string LeaseColumns = """ "network" AS "Network", "handle" AS "Handle", "expires_at" AS "ExpiresAt" """;

    private readonly ISqlDialect _dialect = factory.Dialect;

    /// <summary>An owner id for this process: host, process id and a random part (a restarted process is a new owner).</summary>
    public static string NewOwnerId() => $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Claims up to <paramref name="max"/> free accounts of <paramref name="network"/>, due or not.</summary>
    public Task<IReadOnlyList<AccountLease>> TryLeaseAsync(string owner, string network, int max, TimeSpan duration, CancellationToken ct = default) =>
        TryLeaseAsync(new LeaseRequest(owner, network, max, duration), ct);

    /// <summary>
    /// Claims up to <see cref="LeaseRequest.Max"/> accounts that no instance holds (never leased,
    /// released, or expired), the longest-waiting first (never run, then by next_run_at). Returns
    /// the accounts claimed: none when every matching account is held or none matches.
    /// </summary>
    public Task<IReadOnlyList<AccountLease>> TryLeaseAsync(LeaseRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.Owner);
        if (request.Max < 1 || request.Duration <= TimeSpan.Zero)
        {
            return Task.FromResult<IReadOnlyList<AccountLease>>([]);
        }

        var now = factory.Time.GetUtcNow();
        var parameters = new
        {
            request.Owner,
            request.Network,
            request.Brand,
            request.Max,
            Now = UtcMicros.FromDateTimeOffset(now),
            ExpiresAt = UtcMicros.FromDateTimeOffset(now + request.Duration),
            DueBy = Micros(request.DueBy),
            NotRunSince = Micros(request.NotRunSince),
        };
        var claimSql = $"""
            UPDATE "account_leases" SET "owner" = @Owner, "expires_at" = @ExpiresAt
            WHERE ("network", "handle") IN (
                SELECT l."network", l."handle"
                FROM "account_leases" l
                JOIN "accounts" a ON a."network" = l."network" AND a."handle" = l."handle"
                LEFT JOIN "collector_state" s ON s."network" = l."network" AND s."handle" = l."handle"
                WHERE l."network" = @Network
                  AND (l."owner" IS NULL OR l."expires_at" <= @Now)
                  AND (@Brand IS NULL OR a."brand" = @Brand)
                  AND (@DueBy IS NULL OR s."next_run_at" IS NULL OR s."next_run_at" <= @DueBy)
                  AND (@NotRunSince IS NULL OR s."last_run_at" IS NULL OR s."last_run_at" < @NotRunSince)
                ORDER BY s."next_run_at" NULLS FIRST, l."handle"
                LIMIT @Max
                {_dialect.ForUpdateSkipLocked("l")})
            RETURNING {LeaseColumns},
                (SELECT a."brand" FROM "accounts" a
                 WHERE a."network" = "account_leases"."network" AND a."handle" = "account_leases"."handle") AS "Brand"
            """;
        return factory.WriteAsync<IReadOnlyList<AccountLease>>(
            async (connection, transaction, token) =>
            {
                await connection.ExecuteAsync(new CommandDefinition(AddMissingSql, parameters, transaction, cancellationToken: token));
                await connection.ExecuteAsync(new CommandDefinition(DropOrphansSql, parameters, transaction, cancellationToken: token));
                var claimed = await connection.QueryAsync<LeaseRow>(new CommandDefinition(claimSql, parameters, transaction, cancellationToken: token));
                return claimed
                    .OrderBy(row => row.Handle, StringComparer.Ordinal)
                    .Select(row => new AccountLease(new Account(row.Brand, row.Network, row.Handle), UtcMicros.ToDateTimeOffset(row.ExpiresAt)))
                    .ToList();
            },
            ct);
    }

    /// <summary>
    /// The heartbeat: extends the leases <paramref name="owner"/> still holds on
    /// <paramref name="accounts"/> (the ones it is working on) to now + <paramref name="duration"/>
    /// and returns those. An account missing from the answer was lost (its lease expired, and
    /// another instance may have claimed it): stop working on it. A lease not listed is left to
    /// expire, so an account the instance forgot about cannot stay pinned to it.
    /// </summary>
    public Task<IReadOnlyList<(string Network, string Handle)>> RenewAsync(
        string owner, IReadOnlyCollection<(string Network, string Handle)> accounts, TimeSpan duration, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        if (accounts.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<(string, string)>>([]);
        }

        var now = factory.Time.GetUtcNow();
        var rows = accounts.Select(account => new
        {
            owner,
            account.Network,
            Handle = Handle.Normalize(account.Handle),
            Now = UtcMicros.FromDateTimeOffset(now),
            ExpiresAt = UtcMicros.FromDateTimeOffset(now + duration),
        }).ToList();
        // One statement per account (an instance works on a handful at a time), in one transaction.
        return factory.WriteAsync<IReadOnlyList<(string, string)>>(
            async (connection, transaction, token) =>
            {
                var held = new List<(string, string)>();
                foreach (var row in rows)
                {
                    var renewed = await connection.ExecuteAsync(new CommandDefinition(
                        """
                        UPDATE "account_leases" SET "expires_at" = @ExpiresAt
                        WHERE "network" = @Network AND "handle" = @Handle AND "owner" = @owner AND "expires_at" > @Now
                        """,
                        row,
                        transaction,
                        cancellationToken: token));
                    if (renewed > 0)
                    {
                        held.Add((row.Network, row.Handle));
                    }
                }

                return held;
            },
            ct);
    }

    /// <summary>Gives the account back (collected, or given up); false when <paramref name="owner"/> no longer held it.</summary>
    public Task<bool> ReleaseAsync(string owner, string network, string handle, CancellationToken ct = default) =>
        factory.WriteAsync(
            async (connection, transaction, token) => await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE "account_leases" SET "owner" = NULL, "expires_at" = NULL
                WHERE "network" = @network AND "handle" = @handle AND "owner" = @owner
                """,
                new { owner, network, handle = Handle.Normalize(handle) },
                transaction,
                cancellationToken: token)) > 0,
            ct);

    /// <summary>Gives back every lease of <paramref name="owner"/> (a clean shutdown); returns how many.</summary>
    public Task<int> ReleaseAllAsync(string owner, CancellationToken ct = default) =>
        factory.WriteAsync(
            (connection, transaction, token) => connection.ExecuteAsync(new CommandDefinition(
                """UPDATE "account_leases" SET "owner" = NULL, "expires_at" = NULL WHERE "owner" = @owner""",
                new { owner },
                transaction,
                cancellationToken: token)),
            ct);

    /// <summary>
    /// In the transaction that commits an account's collected data: true when <paramref name="owner"/>
    /// still holds an unexpired lease on it. The row stays locked until that transaction ends, so
    /// no instance can claim the account between this check and the commit. When false, roll back:
    /// another instance may have taken the account over.
    /// </summary>
    public static async Task<bool> ConfirmAsync(
        DbConnection connection, DbTransaction transaction, string owner, string network, string handle, DateTimeOffset now, CancellationToken ct = default) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE "account_leases" SET "expires_at" = "expires_at"
            WHERE "network" = @network AND "handle" = @handle AND "owner" = @owner AND "expires_at" > @now
            """,
            new { owner, network, handle = Handle.Normalize(handle), now = UtcMicros.FromDateTimeOffset(now) },
            transaction,
            cancellationToken: ct)) > 0;

    /// <summary>Every lease row held now, by network and handle: who collects what (status pages, tests).</summary>
    public Task<IReadOnlyList<(string Network, string Handle, string Owner, DateTimeOffset ExpiresAt)>> ListHeldAsync(CancellationToken ct = default)
    {
        var now = UtcMicros.FromDateTimeOffset(factory.Time.GetUtcNow());
        return factory.ReadAsync<IReadOnlyList<(string, string, string, DateTimeOffset)>>(
            async (connection, token) => (await connection.QueryAsync<(string Network, string Handle, string Owner, long ExpiresAt)>(new CommandDefinition(
                    """
                    SELECT "network", "handle", "owner", "expires_at" FROM "account_leases"
                    WHERE "owner" IS NOT NULL AND "expires_at" > @now ORDER BY "network", "handle"
                    """,
                    new { now },
                    cancellationToken: token)))
                .Select(row => (row.Network, row.Handle, row.Owner, UtcMicros.ToDateTimeOffset(row.ExpiresAt)))
                .ToList(),
            ct);
    }

    private static long? Micros(DateTimeOffset? instant) => instant is { } value ? UtcMicros.FromDateTimeOffset(value) : null;

    private sealed class LeaseRow
    {
        public string Network { get; init; } = "";

        public string Handle { get; init; } = "";

        public long ExpiresAt { get; init; }

        public string Brand { get; init; } = "";
    }
}
