using System.Data.Common;
using Dapper;
using Engagement.Data.Csv;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Import;

/// <summary>
/// Imports accounts.csv in the caller's transaction. A brand must be stored (brands.csv is
/// imported first, so its brands are); the stored accounts are replayed into an
/// <see cref="AccountRegistry"/> so a row is checked against them and the earlier rows alike,
/// with the registry's rules and messages. Accounts are never changed, only added.
/// </summary>
internal static class AccountFileImport
{
    public static async Task<FileImportResult> ImportAsync(
        DbConnection connection, DbTransaction transaction, DatasetFile file, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var counts = new ImportCounts();
        var brands = (await connection.QueryAsync<string>(new CommandDefinition(
            """SELECT "id" FROM "brands" """, transaction: transaction, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
        var registry = new AccountRegistry();
        var stored = await connection.QueryAsync<Account>(new CommandDefinition(
            """SELECT "brand" AS "Brand", "network" AS "Network", "handle" AS "Handle" FROM "accounts" """,
            transaction: transaction,
            cancellationToken: ct));
        foreach (var account in stored)
        {
            registry.TryAdd(account);
        }

        // Read whole before writing: a file rejected half-way must not have sent statements.
        var records = new List<CsvRecord<Account>>();
        using (var reader = CanonicalCsv.OpenFile(file.Path))
        {
            records.AddRange(CanonicalCsv.ReadAccounts(reader, file.FileName, brands.Contains));
        }

        var inFile = new HashSet<AccountKey>();
        await using var insert = new BatchCommand(
            connection, transaction, """INSERT INTO "accounts" ("network", "handle", "brand") VALUES (@network, @handle, @brand)""",
            "network", "handle", "brand");
        foreach (var record in records)
        {
            if (record.Value is not { } account)
            {
                counts.Reject(record.Errors);
            }
            else if (registry.Contains(account))
            {
                // The same account again, in any spelling of the handle: stored once.
                if (inFile.Add(account.Key))
                {
                    counts.Unchanged++;
                }
                else
                {
                    counts.Repeated++;
                }
            }
            else if (registry.TryAdd(account) is { } conflict)
            {
                counts.Reject([new CsvRowError(file.FileName, record.Line, conflict.Column, conflict.Reason)]);
            }
            else
            {
                inFile.Add(account.Key);
                await insert.Set(0, account.Network).Set(1, account.Handle).Set(2, account.Brand).ExecuteAsync(ct);
                counts.Stored++;
            }
        }

        progress?.Report(new ImportProgress(file.Path, file.Kind, records.Count, Completed: true));
        return counts.ToResult(file.Path, file.Kind);
    }
}
