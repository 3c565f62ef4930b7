using Dapper;
using Engagement.Data.Store.Migrations;
using Engagement.Domain.Model;

namespace Engagement.Data.Store;

/// <summary>
/// Brings the store's schema up to date at start-up. Each migration runs in its own write
/// transaction and re-checks <c>schema_migrations</c> once it holds the lock, so two processes
/// starting together apply each migration exactly once (the second waits, then skips it).
/// </summary>
public sealed class StoreMigrator(IDbConnectionFactory factory)
{
    /// <summary>
    /// Every migration, applied in version order whatever order they are listed in: numbers are
    /// reserved per change, so a gap (a number not yet merged) is allowed, and a store that applied
    /// a later number first still gets the earlier one when it arrives (each version is checked alone).
    /// </summary>
    public static IReadOnlyList<IMigration> All { get; } = Ordered(
        new Migration0001Initial(),
        new Migration0002AccountAggregates(),
        new Migration0003LeasesAndDataVersion(),
        new Migration0004ReportSnapshots(),
        new Migration0005CollectorStateColumns(),
        new Migration0006SignInSessions(),
        new Migration0007Workspaces(),
        new Migration0008RequestBudget(),
        new Migration0009SchedulesAndAlerts(),
        new Migration0010PostIndices(),
        new Migration0011OccurrenceKeysAndOwedPeriods(),
        new Migration0013AccountsByBrand(),
        new Migration0014PostsWithoutMentions(),
        new Migration0015NetworkCodes());

    /// <summary>Applies the missing migrations; returns the versions this call applied.</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken ct = default)
    {
        // Every start but the first after an upgrade finds the store up to date: one read says so,
        // where a write transaction per migration waited for any writer (an import) and cost
        // ~25 ms of a verb's start (bench/RESULTS.md, fifth pass).
        if (await UpToDateAsync(ct))
        {
            return [];
        }

        var dialect = factory.Dialect;
        await factory.WriteAsync(
            (connection, transaction, token) =>
                connection.ExecuteAsync(new CommandDefinition(dialect.CreateMigrationsTableSql, transaction: transaction, cancellationToken: token)),
            ct);

        var applied = new List<int>();
        foreach (var migration in All)
        {
            var ran = await factory.WriteAsync(
                async (connection, transaction, token) =>
                {
                    await dialect.LockForMigrationAsync(connection, transaction, token);
                    var latest = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                        """SELECT MAX("version") FROM "schema_migrations" """, transaction: transaction, cancellationToken: token));
                    if (latest > All[^1].Version)
                    {
                        throw new DomainException(
                            $"the store is at schema version {latest}, newer than this program knows ({All[^1].Version}): upgrade the program");
                    }

                    var done = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                        """SELECT COUNT(*) FROM "schema_migrations" WHERE "version" = @Version""",
                        new { migration.Version }, transaction, cancellationToken: token));
                    if (done > 0)
                    {
                        return false;
                    }

                    await connection.ExecuteAsync(new CommandDefinition(
                        migration.Script(dialect.Name), transaction: transaction, cancellationToken: token));
                    await connection.ExecuteAsync(new CommandDefinition(
                        """INSERT INTO "schema_migrations" ("version", "name", "applied_at") VALUES (@Version, @Name, @AppliedAt)""",
                        new { migration.Version, migration.Name, AppliedAt = UtcMicros.FromDateTimeOffset(factory.Time.GetUtcNow()) },
                        transaction,
                        cancellationToken: token));
                    return true;
                },
                ct);
            if (ran)
            {
                applied.Add(migration.Version);
            }
        }

        return applied;
    }

    // True when every migration is recorded and none this program does not know (that store is
    // refused below, with the reason); false too when there is no migrations table yet.
    private async Task<bool> UpToDateAsync(CancellationToken ct)
    {
        IReadOnlyList<int> applied;
        try
        {
            applied = await AppliedAsync(ct);
        }
        catch (System.Data.Common.DbException)
        {
            return false;
        }

        return All.All(migration => applied.Contains(migration.Version)) && applied[^1] <= All[^1].Version;
    }

    private static IReadOnlyList<IMigration> Ordered(params IMigration[] migrations)
    {
        var ordered = migrations.OrderBy(m => m.Version).ToList();
        var duplicate = ordered.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? ordered
            : throw new InvalidOperationException($"two migrations share version {duplicate.Key}: {string.Join(", ", duplicate.Select(m => m.Name))}");
    }

    /// <summary>The versions recorded as applied, ascending.</summary>
    public async Task<IReadOnlyList<int>> AppliedAsync(CancellationToken ct = default) =>
        await factory.ReadAsync(
            async (connection, token) => (await connection.QueryAsync<int>(new CommandDefinition(
                """SELECT "version" FROM "schema_migrations" ORDER BY "version" """, cancellationToken: token))).AsList(),
            ct);
}
