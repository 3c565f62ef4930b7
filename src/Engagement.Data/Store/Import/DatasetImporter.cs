using System.Data.Common;
using Engagement.Data.Csv;
using Engagement.Data.Store.Aggregates;

namespace Engagement.Data.Store.Import;

/// <summary>
/// Imports canonical CSV files into the store (docs/data-format.md, "How an import treats the rows"). Each file is
/// imported in one transaction, so its valid rows are all stored or none is: a file rejected
/// half-way (<see cref="CsvFileRejectedException"/>), a cancellation or a killed process leaves
/// nothing of it. Files already imported stay. Importing the same data again changes nothing.
/// </summary>
public sealed class DatasetImporter(IDbConnectionFactory factory, AggregateStore aggregates)
{
    /// <param name="paths">Files with canonical names, or data set folders.</param>
    public async Task<ImportReport> ImportAsync(
        IEnumerable<string> paths, IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        var files = DatasetFiles.Resolve(paths);
        var results = new List<FileImportResult>(files.Count);
        foreach (var file in files)
        {
            results.Add(await ImportFileAsync(file, progress, ct));
        }

        // The files marked the accounts they changed; recomputing them now, once for the whole
        // data set, keeps that cost out of the next report (which would do it otherwise).
        if (results.Any(result => result.Stored + result.Updated > 0))
        {
            await aggregates.RefreshAsync(ct);
        }

        return new ImportReport(results);
    }

    /// <summary>Imports one file in its own transaction (retried whole if the store is locked).</summary>
    public async Task<FileImportResult> ImportFileAsync(DatasetFile file, IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        try
        {
            return await factory.WriteAsync(
                (connection, transaction, token) => file.Kind switch
                {
                    DatasetFileKind.Brands => BrandFileImport.ImportAsync(connection, transaction, file, progress, token),
                    DatasetFileKind.Accounts => AccountFileImport.ImportAsync(connection, transaction, file, progress, token),
                    DatasetFileKind.Posts => WithoutRowTriggersAsync(connection, transaction, token,
                        () => PostFileImport.ImportAsync(connection, transaction, factory.Dialect, file, progress, token)),
                    _ => WithoutRowTriggersAsync(connection, transaction, token,
                        () => FollowerFileImport.ImportAsync(connection, transaction, factory.Dialect, file, progress, token)),
                },
                ct);
        }
        catch (CsvFileRejectedException rejected)
        {
            // The transaction was rolled back when the write operation failed: nothing of the file is stored.
            progress?.Report(new ImportProgress(file.Path, file.Kind, 0, Completed: true));
            return FileImportResult.RejectedFile(file.Path, file.Kind, rejected.Reason);
        }
    }

    // Posts and followers files mark the accounts they change set based, before their merge,
    // instead of a trigger per row (see AggregateMarks); only this transaction sees them off.
    private static async Task<FileImportResult> WithoutRowTriggersAsync(
        DbConnection connection, DbTransaction transaction, CancellationToken ct, Func<Task<FileImportResult>> import)
    {
        await AggregateMarks.SetTriggersAsync(connection, transaction, on: false, ct);
        var result = await import();
        await AggregateMarks.SetTriggersAsync(connection, transaction, on: true, ct);
        return result;
    }
}
