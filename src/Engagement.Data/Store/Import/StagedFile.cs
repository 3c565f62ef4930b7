using System.Data.Common;
using Engagement.Data.Csv;

namespace Engagement.Data.Store.Import;

/// <summary>
/// A stage writer that takes the rows a batch at a time and does part of its work on the parsing
/// thread: <see cref="Prepare"/> runs there on each batch as it is cut, in file order, and what it
/// returns comes back with the batch to <see cref="WriteBatchAsync"/>, on the writing thread.
/// </summary>
internal interface IBatchStageWriter<T> : IStageWriter<T>
{
    /// <summary>On the parsing thread: the work of rows[0..count) that needs no store.</summary>
    object? Prepare(T[] rows, int count);

    /// <summary>Writes rows[0..count) in order, with what <see cref="Prepare"/> returned for them.</summary>
    ValueTask WriteBatchAsync(T[] rows, int count, object? prepared, CancellationToken ct);
}

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
        var batched = stage as IBatchStageWriter<T>;
        using var batches = ParsedBatches<T>.Start(records, counts, ct, observe, batched is null ? null : batched.Prepare);
        long reported = 0;
        try
        {
            await foreach (var batch in batches.ReadAllAsync(ct))
            {
                if (batched is not null)
                {
                    await batched.WriteBatchAsync(batch.Rows, batch.Count, batch.Prepared, ct);
                }
                else
                {
                    for (var i = 0; i < batch.Count; i++)
                    {
                        await stage.WriteAsync(batch.Rows[i], ct);
                    }
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
