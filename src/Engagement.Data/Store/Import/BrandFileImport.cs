using System.Data.Common;
using Dapper;
using Engagement.Data.Csv;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Import;

/// <summary>
/// Imports brands.csv in the caller's transaction. Brand files are small: the file is read whole
/// (last row of an id wins) before anything is written, then compared with the stored brands.
/// </summary>
internal static class BrandFileImport
{
    private const string UpsertSql = """
        INSERT INTO "brands" ("id", "name", "industry") VALUES (@id, @name, @industry)
        ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name", "industry" = excluded."industry"
        """;

    public static async Task<FileImportResult> ImportAsync(
        DbConnection connection, DbTransaction transaction, DatasetFile file, ImportSettings settings,
        IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var counts = new ImportCounts(settings.MaxListedErrors);
        var brands = new Dictionary<string, Brand>(StringComparer.Ordinal);
        long rows = 0;
        using (var reader = CanonicalCsv.OpenFile(file.Path))
        {
            foreach (var record in CanonicalCsv.ReadBrands(reader, file.FileName, settings.Rules))
            {
                rows++;
                if (record.Value is not { } brand)
                {
                    counts.Reject(record.Errors);
                }
                else if (!brands.TryAdd(brand.Id, brand))
                {
                    counts.Repeated++;
                    brands[brand.Id] = brand;
                }
            }
        }

        var stored = (await connection.QueryAsync<Brand>(new CommandDefinition(
                """SELECT "id" AS "Id", "name" AS "Name", "industry" AS "Industry" FROM "brands" """,
                transaction: transaction,
                cancellationToken: ct)))
            .ToDictionary(brand => brand.Id, StringComparer.Ordinal);
        var shared = settings.ChangesShared
            ? new HashSet<string>(StringComparer.Ordinal)
            : await Repositories.WorkspaceRepository.SharedAsync(connection, transaction, settings.Workspace, ct, tracking: false);
        await using var upsert = new BatchCommand(connection, transaction, UpsertSql, "id", "name", "industry");
        foreach (var brand in brands.Values)
        {
            // A brand another workspace tracks keeps its name and industry: this workspace tracks it as it is.
            if (stored.TryGetValue(brand.Id, out var current) && (current == brand || shared.Contains(brand.Id)))
            {
                counts.Unchanged++;
                continue;
            }

            await upsert.Set(0, brand.Id).Set(1, brand.Name).Set(2, brand.Industry).ExecuteAsync(ct);
            if (current is null)
            {
                counts.Stored++;
            }
            else
            {
                counts.Updated++;
            }
        }

        // Every valid brand of the file, changed or not, is the workspace's from now on; only the
        // ones it did not track yet are written (a re-import of 30,000 brands writes none).
        var tracked = (await connection.QueryAsync<string>(new CommandDefinition(
                """SELECT "brand" FROM "workspace_brands" WHERE "workspace" = @workspace""",
                new { workspace = settings.Workspace },
                transaction,
                cancellationToken: ct)))
            .ToHashSet(StringComparer.Ordinal);
        await using var track = new BatchCommand(
            connection, transaction, """INSERT INTO "workspace_brands" ("workspace", "brand") VALUES (@workspace, @brand)""", "workspace", "brand");
        foreach (var id in brands.Keys.Where(id => !tracked.Contains(id)))
        {
            await track.Set(0, settings.Workspace).Set(1, id).ExecuteAsync(ct);
        }
        progress?.Report(new ImportProgress(file.Path, file.Kind, rows, Completed: true));
        return counts.ToResult(file.Path, file.Kind);
    }
}
