using System.CommandLine;
using System.Globalization;
using Engagement.Data.Store;

namespace Engagement.Service.Cli;

/// <summary>
/// <c>compact</c>: packs the store (<see cref="StoreCompaction"/>). SQLite: VACUUM, with the file's
/// size before and after; PostgreSQL: VACUUM (ANALYZE) of the store's tables, which keeps the files' size.
/// </summary>
public static class CompactCommand
{
    public const int DefaultWaitSeconds = 30;

    /// <summary>A day: the engines count the wait in milliseconds on 32 bits.</summary>
    public const int MaxWaitSeconds = 86_400;

    public static Command Create(CliContext context)
    {
        var wait = new Option<int>("--wait")
        {
            Description = "seconds to wait for another writer (an import, a collection pass, the service) to let go of the store before giving up",
            DefaultValueFactory = _ => DefaultWaitSeconds,
        };
        var command = new Command(
            "compact",
            "Pack the store after a first import or large deletions (SQLite: VACUUM, needs free disk about the store's size and holds off writers while it runs; "
            + "moves a store made with smaller pages by an earlier release to the current page size, which needs the store to itself; PostgreSQL: VACUUM (ANALYZE), files keep their size)")
        {
            wait,
        };
        command.SetAction(async (parse, ct) =>
        {
            var seconds = parse.GetValue(wait);
            if (seconds is < 0 or > MaxWaitSeconds)
            {
                throw new UsageException($"--wait: {seconds} is out of range; give the seconds to wait for other writers, 0 to {MaxWaitSeconds}");
            }

            await using var host = await CliHost.OpenAsync(parse, ct, mustExist: true, CliServices.Core);
            var report = await host.Get<StoreCompaction>().CompactAsync(TimeSpan.FromSeconds(seconds), ct);
            foreach (var line in Describe(report))
            {
                await context.Output.WriteLineAsync(line);
            }

            return EngagementCli.Ok;
        });
        return command;
    }

    private static IEnumerable<string> Describe(CompactionReport report)
    {
        var took = report.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        if (report.Engine == "postgresql")
        {
            yield return $"vacuumed and analyzed {report.Tables} tables in {took} s: {Mb(report.BytesBefore)} MB before, {Mb(report.BytesAfter)} MB after";
            yield return "PostgreSQL keeps the files' size: the space of deleted and updated rows is reused by later writes, not returned to the disk";
            yield break;
        }

        var saved = report.BytesBefore - report.BytesAfter;
        var percent = report.BytesBefore == 0 ? 0 : 100.0 * saved / report.BytesBefore;
        yield return string.Create(
            CultureInfo.InvariantCulture,
            $"compacted in {took} s: {Mb(report.BytesBefore)} MB before, {Mb(report.BytesAfter)} MB after ({Mb(saved)} MB, {percent:0.0} % freed)");
        if (report.PageBytesBefore != report.PageBytesAfter)
        {
            yield return string.Create(
                CultureInfo.InvariantCulture,
                $"pages of {report.PageBytesBefore} bytes rebuilt at {report.PageBytesAfter} bytes, the size new stores are made with (faster imports); done once");
        }

        if (report.WalPending)
        {
            yield return "a reader still holds the old pages: the write-ahead log is copied into the file, and the file cut, at the next checkpoint";
        }
    }

    private static string Mb(long bytes) => (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture);
}
