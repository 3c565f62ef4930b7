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
    private const int ProgressEvery = 10_000;

    private static readonly string[] Keys = ["network", "handle", "date"];
    private static readonly string[] Values = ["followers"];

    private static readonly string CountSql = MergeSql.Count(Stage, "followers", Keys, Values);

    private static readonly string UpsertSql = MergeSql.Upsert(Stage, "followers", Keys, Values);

    public static async Task<FileImportResult> ImportAsync(
        DbConnection connection, DbTransaction transaction, ISqlDialect dialect, DatasetFile file,
        IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var counts = new ImportCounts();
        await Sql.ExecuteAsync(connection, transaction, ct, $"""
            CREATE TEMP TABLE "{Stage}" (
                "network" TEXT NOT NULL, "handle" TEXT NOT NULL, "date" TEXT NOT NULL, "followers" BIGINT NOT NULL,
                PRIMARY KEY ("network", "handle", "date")){dialect.KeyedTableSuffix}
            """);

        long rows = 0;
        await using (var stage = await dialect.Staging.OpenFollowersAsync(connection, transaction, ct))
        {
            using var reader = CanonicalCsv.OpenFile(file.Path);
            foreach (var record in CanonicalCsv.ReadFollowers(reader, file.FileName))
            {
                if (++rows % ProgressEvery == 0)
                {
                    progress?.Report(new ImportProgress(file.Path, file.Kind, rows, Completed: false));
                }

                if (record.Value is not { } snapshot)
                {
                    counts.Reject(record.Errors);
                    continue;
                }

                await stage.WriteAsync(snapshot, ct);
            }

            counts.Repeated = await stage.CompleteAsync(ct);
        }

        var (staged, added, changed) = await Sql.CountsAsync(connection, transaction, CountSql, ct);
        counts.Stored = added;
        counts.Updated = changed;
        counts.Unchanged = staged - added - changed;
        if (added + changed > 0)
        {
            await Aggregates.AggregateMarks.MarkStagedFollowersAsync(connection, transaction, ct);
        }

        await Sql.ExecuteAsync(connection, transaction, ct, UpsertSql, $"""DROP TABLE "{Stage}" """);
        progress?.Report(new ImportProgress(file.Path, file.Kind, rows, Completed: true));
        return counts.ToResult(file.Path, file.Kind);
    }
}
