using System.CommandLine;
using Engagement.Data.Store.Import;
using Spectre.Console;

namespace Engagement.Service.Cli;

/// <summary><c>import PATH...</c>: canonical CSV files or data set folders into the store.</summary>
public static class ImportCommand
{
    public static Command Create(CliContext context)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "brands.csv, accounts.csv, posts.csv, followers.csv files, or folders holding them",
            Arity = ArgumentArity.OneOrMore,
        };
        var workspace = CommonOptions.Workspace();
        var command = new Command("import", "Import canonical CSV files (idempotent: importing twice stores nothing new)") { paths, workspace };
        command.SetAction(async (parse, ct) =>
        {
            var missing = parse.GetValue(paths)!.Where(p => !File.Exists(p) && !Directory.Exists(p)).ToList();
            if (missing.Count > 0)
            {
                throw new UsageException($"no such file or folder: {string.Join(", ", missing)}");
            }

            await using var host = await CliHost.OpenAsync(parse, ct);
            var importer = host.Get<DatasetImporter>();
            var report = context.Interactive
                ? await WithProgressAsync(context, progress => importer.ImportAsync(parse.GetValue(paths)!, progress, ct, parse.GetValue(workspace)!))
                : await importer.ImportAsync(parse.GetValue(paths)!, progress: null, ct, parse.GetValue(workspace)!);
            await PrintAsync(context, report);
            return report.Files.Any(f => f.IsFileRejected)
                ? EngagementCli.BadInput
                : report.Rejected > 0 ? EngagementCli.RowsRejected : EngagementCli.Ok;
        });
        return command;
    }

    private static async Task PrintAsync(CliContext context, ImportReport report)
    {
        foreach (var file in report.Files)
        {
            if (file.FileRejection is { } reason)
            {
                await context.Output.WriteLineAsync($"{file.Path}: REJECTED, nothing stored: {reason}");
                continue;
            }

            await context.Output.WriteLineAsync(
                $"{file.Path}: {file.Stored} stored, {file.Updated} updated, {file.Unchanged} unchanged, {file.Repeated} repeated in file, {file.Rejected} rejected");
            foreach (var error in file.Errors)
            {
                await context.Output.WriteLineAsync($"  rejected {error}");
            }

            if (file.ErrorsNotListed > 0)
            {
                await context.Output.WriteLineAsync($"  ... and {file.ErrorsNotListed} more");
            }
        }

        await context.Output.WriteLineAsync($"total: {report.Stored} stored, {report.Updated} updated, {report.Rejected} rejected");
    }

    private static async Task<ImportReport> WithProgressAsync(CliContext context, Func<IProgress<ImportProgress>, Task<ImportReport>> import)
    {
        ImportReport? report = null;
        await context.Ansi().Progress()
            .Columns(new TaskDescriptionColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var reporter = new Progress<ImportProgress>(p =>
                {
                    if (!tasks.TryGetValue(p.Path, out var task))
                    {
                        task = progress.AddTask(Path.GetFileName(p.Path), maxValue: 1);
                        task.IsIndeterminate = true;
                        tasks[p.Path] = task;
                    }

                    task.Description = $"{Path.GetFileName(p.Path)}: {p.RowsRead:N0} rows";
                    if (p.Completed)
                    {
                        task.IsIndeterminate = false;
                        task.Value = 1;
                    }
                });
                report = await import(reporter);
            });
        return report!;
    }
}
