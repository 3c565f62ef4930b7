using System.Data.Common;

namespace Engagement.Data.Store.Import;

/// <summary>Small ADO helpers for the importer's one-off statements.</summary>
internal static class Sql
{
    public static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, CancellationToken ct, params string[] statements)
    {
        foreach (var statement in statements)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Reads the one row of three integers a merge count query returns.</summary>
    public static async Task<(long A, long B, long C)> CountsAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}
