using System.CommandLine;
using System.Diagnostics;
using System.Text;
using Engagement.Data.Csv;
using Engagement.Data.Generation;

namespace Engagement.Service.Cli;

/// <summary><c>generate</c>: a synthetic canonical data set for benchmarks and demos, deterministic per seed.</summary>
public static class GenerateCommand
{
    public static Command Create(CliContext context)
    {
        var brands = new Option<int>("--brands") { Description = "number of brands", Required = true };
        var networks = new Option<string>("--networks") { Description = "comma-separated networks", DefaultValueFactory = _ => "mastodon,bluesky,youtube" };
        var days = new Option<int>("--days") { Description = "days of activity", DefaultValueFactory = _ => 30 };
        var industries = new Option<int>("--industries") { Description = "number of industries", DefaultValueFactory = _ => 40 };
        var seed = new Option<int>("--seed") { Description = "random seed: the same seed gives the same files", Required = true };
        var start = new Option<string>("--start") { Description = "first day, YYYY-MM-DD", DefaultValueFactory = _ => "2024-06-01" };
        var output = new Option<string>("--out") { Description = "folder to write the four CSV files into", Required = true };
        var command = new Command("generate", "Write a synthetic canonical data set (streamed: memory stays flat)")
        {
            brands, networks, days, industries, seed, start, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new GeneratorOptions(
                Positive(parse.GetValue(brands), "--brands"),
                CommonOptions.SplitList(parse.GetValue(networks)),
                Positive(parse.GetValue(days), "--days"),
                Positive(parse.GetValue(industries), "--industries"),
                parse.GetValue(seed),
                CommonOptions.ParseDate(parse.GetValue(start), "--start")!.Value);
            var folder = parse.GetValue(output)!;
            Directory.CreateDirectory(folder);
            var generator = new DatasetGenerator(options);
            await WriteAsync(context, folder, DatasetLoader.BrandsFile, w => CanonicalCsv.WriteBrands(w, generator.Brands()), ct);
            await WriteAsync(context, folder, DatasetLoader.AccountsFile, w => CanonicalCsv.WriteAccounts(w, generator.Accounts()), ct);
            await WriteAsync(context, folder, DatasetLoader.FollowersFile, w => CanonicalCsv.WriteFollowers(w, generator.Followers()), ct);
            await WriteAsync(context, folder, DatasetLoader.PostsFile, w => CanonicalCsv.WritePosts(w, generator.Posts()), ct);
            return EngagementCli.Ok;
        });
        return command;
    }

    private static int Positive(int value, string option) =>
        value > 0 ? value : throw new UsageException($"{option} must be a positive number, got {value}");

    private static async Task WriteAsync(CliContext context, string folder, string file, Action<TextWriter> write, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        var path = Path.Combine(folder, file);
        await using (var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 20))
        {
            write(writer);
        }

        await context.Output.WriteLineAsync($"{path}: {new FileInfo(path).Length / (1024.0 * 1024):N1} MiB in {clock.Elapsed.TotalSeconds:N1} s");
    }
}
