using System.Data.Common;
using Engagement.Data.Csv;

namespace Engagement.Data.Store.Import;

/// <summary>The steps posts and followers share: stream valid records into the stage, then count against the store.</summary>
internal static class StagedFile
{
    private const int ProgressEvery = 10_000;

    /// <summary>
    /// Writes every valid record of the file into <paramref name="stage"/> and counts the rejected
    /// and the repeated ones; returns the rows read. The file is parsed and validated on another
    /// thread meanwhile (<see cref="ParsedBatches{T}"/>), which also hands each valid row to
    /// <paramref name="observe"/>; the stage is written from this one, in file order.
    /// </summary>
    public static async Task<long> StageAsync<T>(
        IStageWriter<T> stage, IEnumerable<CsvRecord<T>> records, DatasetFile file, ImportCounts counts,
        IProgress<ImportProgress>? progress, CancellationToken ct, Action<T>? observe = null)
    {
        using var batches = ParsedBatches<T>.Start(records, counts, ct, observe);
        long reported = 0;
        try
        {
            await foreach (var batch in batches.ReadAllAsync(ct))
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    await stage.WriteAsync(batch.Rows[i], ct);
                }

                if (batch.RowsRead / ProgressEvery > reported / ProgressEvery)
                {
                    reported = batch.RowsRead;
                    progress?.Report(new ImportProgress(file.Path, file.Kind, reported, Completed: false));
                }
            }
        }
        catch (Exception)
        {
            await batches.AbandonAsync();
            throw;
        }

        var rows = await batches.CompleteAsync();
        counts.Repeated = await stage.CompleteAsync(ct);
        return rows;
    }

    /// <summary>Counts the staged rows as stored, updated or unchanged; true when any is new or changed.</summary>
    public static async Task<bool> CountAsync(DbConnection connection, DbTransaction transaction, string countSql, ImportCounts counts, CancellationToken ct)
    {
        var (staged, added, changed) = await Sql.CountsAsync(connection, transaction, countSql, ct);
        counts.Stored = added;
        counts.Updated = changed;
        counts.Unchanged = staged - added - changed;
        return added + changed > 0;
    }
}
