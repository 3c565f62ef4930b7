using System.CommandLine;
using Engagement.Data.Store.Export;

namespace Engagement.Service.Cli;

/// <summary><c>export DIR</c>: the store back to the four canonical CSV files.</summary>
public static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var dir = new Argument<string>("dir") { Description = "folder to write brands.csv, accounts.csv, posts.csv and followers.csv into" };
        var command = new Command("export", "Export the store as a canonical data set") { dir };
        command.SetAction(async (parse, ct) =>
        {
            var folder = parse.GetValue(dir)!;
            if (File.Exists(folder))
            {
                throw new UsageException($"{folder} is a file: export writes brands.csv, accounts.csv, posts.csv and followers.csv into a folder (created if missing)");
            }

            await using var host = await CliHost.OpenAsync(parse, ct, mustExist: true, CliServices.Core);
            var report = await host.Get<DatasetExporter>().ExportAsync(folder, ct);
            await context.Output.WriteLineAsync(
                $"{report.Folder}: {report.Brands} brands, {report.Accounts} accounts, {report.Posts} posts, {report.Followers} follower snapshots");
            return EngagementCli.Ok;
        });
        return command;
    }
}
