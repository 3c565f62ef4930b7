using System.Data;
using System.Data.Common;
using Engagement.Data.Store.Import;
using Npgsql;

namespace Engagement.Data.Store.Postgres;

/// <summary>
/// PostgreSQL: READ COMMITTED writers that queue on the rows they touch (not on the whole
/// database), REPEATABLE READ snapshots for reads, a transaction-scoped advisory lock for
/// migrations, <c>SKIP LOCKED</c> for leases and binary <c>COPY</c> for import staging.
/// </summary>
/// <remarks>
/// Writes are READ COMMITTED, not SERIALIZABLE: every write of the store is an idempotent
/// <c>INSERT ... ON CONFLICT</c> or keyed statement, which READ COMMITTED applies correctly under
/// concurrency, while SERIALIZABLE would abort concurrent collector commits that merely touch the
/// same index pages. The read-then-write outcomes (created/updated counts) are exact unless two
/// writers race on the same keys. Conflicts PostgreSQL does report (deadlock, serialization
/// failure, a restarting server) are transient: the store retries the whole transaction.
/// </remarks>
public sealed class PostgresDialect : ISqlDialect
{
    /// <summary>Key of the advisory lock that serialises schema changes across instances ("engagement" in ASCII).</summary>
    public const long MigrationLockKey = 0x656E676167656D;

    // SQLSTATEs worth a retry: the same transaction can succeed when run again.
    private static readonly HashSet<string> TransientStates = new(StringComparer.Ordinal)
    {
        PostgresErrorCodes.SerializationFailure,   // 40001
        PostgresErrorCodes.DeadlockDetected,       // 40P01
        PostgresErrorCodes.LockNotAvailable,       // 55P03
        PostgresErrorCodes.AdminShutdown,          // 57P01: a restart or failover ended the session
        PostgresErrorCodes.CrashShutdown,          // 57P02
        PostgresErrorCodes.CannotConnectNow,       // 57P03: starting up
        PostgresErrorCodes.TooManyConnections,     // 53300
        PostgresErrorCodes.ConnectionException,    // 08000
        PostgresErrorCodes.ConnectionFailure,      // 08006
        PostgresErrorCodes.SqlClientUnableToEstablishSqlConnection, // 08001
    };

    public string Name => "postgres";

    // The lock first: two instances starting together would otherwise race on CREATE TABLE IF NOT
    // EXISTS, which PostgreSQL does not make atomic (duplicate key in pg_type).
    public string CreateMigrationsTableSql => $"""
        SELECT pg_advisory_xact_lock({MigrationLockKey});
        CREATE TABLE IF NOT EXISTS "schema_migrations" (
            "version" BIGINT NOT NULL PRIMARY KEY,
            "name" TEXT NOT NULL,
            "applied_at" BIGINT NOT NULL
        )
        """;

    public string KeyedTableSuffix => "";

    public IImportStaging Staging => PostgresCopyStaging.Instance;

    public Task ConfigureConnectionAsync(DbConnection connection, CancellationToken ct) => Task.CompletedTask;

    public async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct) =>
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);

    public async ValueTask<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken ct)
    {
        // One snapshot for all the statements of the read; READ ONLY states the intent and lets
        // the server refuse an accidental write.
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SET TRANSACTION READ ONLY";
        await command.ExecuteNonQueryAsync(ct);
        return transaction;
    }

    // Held until the transaction ends. Under READ COMMITTED each later statement sees what the
    // previous holder committed, so the migrator's "already applied?" check is current.
    public async Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT pg_advisory_xact_lock({MigrationLockKey})";
        await command.ExecuteNonQueryAsync(ct);
    }

    public string ForUpdateSkipLocked(string alias) => $"""FOR UPDATE OF {alias} SKIP LOCKED""";

    public bool IsTransient(Exception exception) => exception switch
    {
        PostgresException postgres => TransientStates.Contains(postgres.SqlState),
        // No server answer at all (socket closed, timeout connecting): Npgsql knows which are transient.
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };

    public bool IsUniqueViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
