using System.Data.Common;

namespace Engagement.Data.Store;

/// <summary>The two shapes of a store operation: a retried write transaction, or a plain read.</summary>
public static class StoreOperations
{
    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction on its own connection and commits it.
    /// On a transient lock error the whole attempt is rolled back and run again, so the work must
    /// not have effects outside the transaction. The first write of a request that set an
    /// <see cref="Audit.AuditScope"/> records its audit entry in the same transaction.
    /// </summary>
    public static async Task<T> WriteAsync<T>(
        this IDbConnectionFactory factory,
        Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(work);
        return await factory.WriteRetry.ExecuteAsync(
            async token =>
            {
                await using var connection = await factory.OpenAsync(token);
                await using var transaction = await factory.Dialect.BeginWriteAsync(connection, token);
                var result = await work(connection, transaction, token);
                var audit = Audit.AuditScope.Current is { RecordedId: null } scope
                    ? (Scope: scope, Id: await Audit.AuditLogRepository.InsertAsync(connection, transaction, scope, status: null, factory.Time, token))
                    : default;
                await transaction.CommitAsync(token);
                audit.Scope?.Committed(audit.Id);
                return result;
            },
            ct);
    }

    public static Task WriteAsync(
        this IDbConnectionFactory factory,
        Func<DbConnection, DbTransaction, CancellationToken, Task> work,
        CancellationToken ct = default) =>
        factory.WriteAsync(
            async (connection, transaction, token) =>
            {
                await work(connection, transaction, token);
                return true;
            },
            ct);

    /// <summary>Runs <paramref name="work"/> on its own connection, without a transaction.</summary>
    public static async Task<T> ReadAsync<T>(
        this IDbConnectionFactory factory,
        Func<DbConnection, CancellationToken, Task<T>> work,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await factory.OpenAsync(ct);
        return await work(connection, ct);
    }
}
