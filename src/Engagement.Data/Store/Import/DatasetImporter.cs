using System.Data.Common;
using Engagement.Data.Csv;
using Engagement.Data.Store.Aggregates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Engagement.Data.Store.Import;

/// <summary>
/// Imports canonical CSV files into the store (docs/data-format.md, "How an import treats the rows"). One import is
/// one transaction: a failure part-way (a fault, a cancellation, a killed process) leaves nothing
/// of it. Each file runs under a savepoint, so a file rejected as a whole
/// (<see cref="CsvFileRejectedException"/>) is rolled back alone and the other files are kept.
/// Importing the same data again changes nothing.
/// </summary>
/// <param name="settings">The field rules and the error list limit (default: the default rules on the store's clock).</param>
/// <param name="listeners">Told after an import that changed data (the alert rules).</param>
/// <param name="log">Where a store left out of WAL after a first load is reported (none by default).</param>
public sealed class DatasetImporter(
    IDbConnectionFactory factory, AggregateStore aggregates, ImportSettings? settings = null, IEnumerable<IStoreChangeListener>? listeners = null,
    ILogger<DatasetImporter>? log = null)
{
    private readonly ImportSettings _settings = settings ?? ImportSettings.For(factory.Time);

    /// <param name="paths">Files with canonical names, or data set folders.</param>
    /// <param name="workspace">The workspace that tracks the imported brands (accounts.csv may name only those).</param>
    /// <param name="changesShared">Whether brands other workspaces track may change (<see cref="ImportSettings.ChangesShared"/>).</param>
    public async Task<ImportReport> ImportAsync(
        IEnumerable<string> paths, IProgress<ImportProgress>? progress = null, CancellationToken ct = default,
        string workspace = Repositories.WorkspaceRepository.Default, bool changesShared = true)
    {
        var files = DatasetFiles.Resolve(paths);
        var settings = _settings with { Workspace = workspace, ChangesShared = changesShared };
        using var activity = EngagementTelemetry.Source.StartActivity("import");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        FirstLoadPosts? loaded = null;
        var attempts = 0;
        List<FileImportResult> results;
        try
        {
            // The first posts of a store the import has to itself load without the WAL's second write.
            results = await RollbackJournalLoad.WriteAsync(
                factory,
                files,
                async (connection, transaction, token) =>
                {
                    await Repositories.WorkspaceRepository.RequireAsync(connection, transaction, workspace, token);

                    // A retried attempt starts over: its results replace the failed attempt's.
                    loaded?.Dispose();
                    loaded = null;
                    using var routing = new FirstLoadRouting(enabled: ++attempts == 1);
                    var list = new List<FileImportResult>(files.Count);
                    foreach (var file in files)
                    {
                        list.Add(await ImportFileAsync(connection, transaction, file, settings, progress, routing, token));
                    }

                    loaded = await routing.SealAsync(connection, transaction, token);
                    return list;
                },
                log ?? NullLogger<DatasetImporter>.Instance,
                ct);

            if (Committed is not null)
            {
                await Committed(ct);
            }

            // The files marked the accounts they changed; recomputing them now, once for the whole
            // data set, keeps that cost out of the next report (which would do it otherwise).
            if (results.Any(result => result.Stored + result.Updated > 0))
            {
                log?.LogDebug("Import committed; recomputing the aggregates of the accounts it changed");
                await aggregates.RefreshAsync(loaded, ct);
                LogRefresh(loaded);
                foreach (var listener in listeners ?? [])
                {
                    await listener.StoreChangedAsync("import", ct);
                }
            }
        }
        finally
        {
            loaded?.Dispose();
        }

        Record(results, started);
        return new ImportReport(results);
    }

    /// <summary>Told after the import's commit, before its refresh: where the tests write to the store meanwhile.</summary>
    internal Func<CancellationToken, Task>? Committed { get; init; }

    private static void Record(List<FileImportResult> results, long started)
    {
        EngagementTelemetry.ImportDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        foreach (var result in results)
        {
            var kind = new KeyValuePair<string, object?>("file", result.Kind.ToString().ToLowerInvariant());
            EngagementTelemetry.ImportRows.Add(result.Stored, kind, new("outcome", "stored"));
            EngagementTelemetry.ImportRows.Add(result.Updated, kind, new("outcome", "updated"));
            EngagementTelemetry.ImportRows.Add(result.Unchanged, kind, new("outcome", "unchanged"));
            EngagementTelemetry.ImportRows.Add(result.Rejected, kind, new("outcome", "rejected"));
        }
    }

    // Whether a first load's aggregates came from its parsed rows or were read back by a scan: the
    // second costs a read of every post (issue 16), so an operator timing imports wants to know.
    private void LogRefresh(FirstLoadPosts? loaded)
    {
        if (loaded is null || log is null)
        {
            return;
        }

        if (loaded.Used)
        {
            log.LogDebug("Aggregates recomputed from the {Posts} rows of the first load as they were parsed", loaded.Posts);
        }
        else
        {
            log.LogDebug("Aggregates recomputed by reading the posts back: the store changed after the first load's rows were routed, or they exceeded {Limit}", AggregateScan.PostsPerPass);
        }
    }

    private async Task<FileImportResult> ImportFileAsync(
        DbConnection connection, DbTransaction transaction, DatasetFile file, ImportSettings settings, IProgress<ImportProgress>? progress,
        FirstLoadRouting routing, CancellationToken ct)
    {
        const string Savepoint = "import_file";
        await transaction.SaveAsync(Savepoint, ct);
        try
        {
            var result = await (file.Kind switch
            {
                DatasetFileKind.Brands => BrandFileImport.ImportAsync(connection, transaction, file, settings, progress, ct),
                DatasetFileKind.Accounts => AccountFileImport.ImportAsync(connection, transaction, file, settings, progress, ct),
                DatasetFileKind.Posts => WithoutRowTriggersAsync(connection, transaction, ct,
                    () => PostFileImport.ImportAsync(connection, transaction, factory.Dialect, file, settings, progress, routing, ct)),
                _ => WithoutRowTriggersAsync(connection, transaction, ct,
                    () => FollowerFileImport.ImportAsync(connection, transaction, factory.Dialect, file, settings, progress, ct)),
            });
            await transaction.ReleaseAsync(Savepoint, ct);
            return result;
        }
        catch (CsvFileRejectedException rejected)
        {
            // Back to the savepoint: nothing of the file is stored, the files before it stay.
            await transaction.RollbackAsync(Savepoint, ct);
            if (file.Kind == DatasetFileKind.Posts)
            {
                routing.Drop();
            }

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
