using System.Data.Common;
using Dapper;
using Engagement.Data.Csv;
using Engagement.Data.Store.Repositories;
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
        DbConnection connection, DbTransaction transaction, DatasetFile file, ImportSettings settings,
        IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var counts = new ImportCounts(settings.MaxListedErrors);
        // A brand of another workspace is as unknown as a brand that does not exist.
        var brands = (await connection.QueryAsync<string>(new CommandDefinition(
            """SELECT "brand" FROM "workspace_brands" WHERE "workspace" = @workspace""",
            new { workspace = settings.Workspace },
            transaction,
            cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
        var shared = settings.ChangesShared
            ? new HashSet<string>(StringComparer.Ordinal)
            : await WorkspaceRepository.SharedAsync(connection, transaction, settings.Workspace, ct);
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
        // Only the valid rows are kept: a file of bad rows costs their count, not their errors.
        var records = new List<CsvRecord<Account>>();
        long rows = 0;
        using (var reader = CanonicalCsv.OpenFile(file.Path))
        {
            foreach (var record in CanonicalCsv.ReadAccounts(reader, file.FileName, brands.Contains, settings.Rules))
            {
                rows++;
                if (record.Value is null)
                {
                    counts.Reject(record.Errors);
                }
                else
                {
                    records.Add(record);
                }
            }
        }

        var inFile = new HashSet<AccountKey>();
        await using var insert = new BatchCommand(
            connection, transaction, """INSERT INTO "accounts" ("network", "handle", "brand") VALUES (@network, @handle, @brand)""",
            "network", "handle", "brand");
        foreach (var record in records)
        {
            var account = record.Value!;
            if (registry.Contains(account))
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
            else if (shared.Contains(account.Brand))
            {
                counts.Reject([new CsvRowError(file.FileName, record.Line, "brand", SharedBrand(account.Brand))]);
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

        progress?.Report(new ImportProgress(file.Path, file.Kind, rows, Completed: true));
        return counts.ToResult(file.Path, file.Kind);
    }

    internal static string SharedBrand(string brand) =>
        $"brand '{brand}' is also tracked by other workspaces: its accounts are shared, so only an admin key adds to them";
}
