using System.Data.Common;
using Engagement.Data.Csv;

namespace Engagement.Data.Store.Import;

/// <summary>
/// Imports followers.csv in the caller's transaction, staged then merged like posts
/// (<see cref="PostFileImport"/>): a snapshot for a stored (network, handle, date) replaces it.
/// </summary>
internal static class FollowerFileImport
{
    private const string Stage = StagingTables.Followers;

    private static readonly string[] Keys = ["network", "handle", "date"];
    private static readonly string[] Values = ["followers"];

    private static readonly string CountSql = MergeSql.Count(Stage, "followers", Keys, Values);

    private static readonly string UpsertSql = MergeSql.Upsert(Stage, "followers", Keys, Values);

    public static async Task<FileImportResult> ImportAsync(
        DbConnection connection, DbTransaction transaction, ISqlDialect dialect, DatasetFile file,
        ImportSettings settings, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var counts = new ImportCounts(settings.MaxListedErrors);
        await Sql.ExecuteAsync(connection, transaction, ct, $"""
            CREATE TEMP TABLE "{Stage}" (
                "network" TEXT NOT NULL, "handle" TEXT NOT NULL, "date" TEXT NOT NULL, "followers" BIGINT NOT NULL,
                PRIMARY KEY ("network", "handle", "date")){dialect.KeyedTableSuffix}
            """);

        long rows;
        await using (var stage = await dialect.Staging.OpenFollowersAsync(connection, transaction, ct))
        {
            using var reader = CanonicalCsv.OpenFile(file.Path);
            rows = await StagedFile.StageAsync(stage, CanonicalCsv.ReadFollowers(reader, file.FileName, settings.Rules), file, counts, progress, ct);
        }

        if (await StagedFile.CountAsync(connection, transaction, CountSql, counts, ct))
        {
            await Aggregates.AggregateMarks.MarkStagedFollowersAsync(connection, transaction, ct);
        }

        await Sql.ExecuteAsync(connection, transaction, ct, UpsertSql, $"""DROP TABLE "{Stage}" """);
        progress?.Report(new ImportProgress(file.Path, file.Kind, rows, Completed: true));
        return counts.ToResult(file.Path, file.Kind);
    }
}
