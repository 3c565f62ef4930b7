using System.CommandLine;
using Engagement.Collectors;
using Engagement.Collectors.Engine;
using Engagement.Data.Store;
using Spectre.Console;

namespace Engagement.Service.Cli;

/// <summary>
/// <c>collect --once</c>: one collector pass in the foreground (cron-style setups);
/// <c>collect</c>: the background collectors alone, without the HTTP API, until Ctrl+C.
/// </summary>
public static class CollectCommand
{
    public static Command Create(CliContext context)
    {
        var once = new Option<bool>("--once") { Description = "collect every selected account now, print a summary and exit" };
        var network = new Option<string?>("--network") { Description = $"one of {string.Join(", ", CollectorNetworks.All)} (default: all)" };
        var brand = new Option<string?>("--brand") { Description = "only this brand's accounts" };
        var command = new Command("collect", "Collect public account data from the networks (configuration: Collectors:<Network>:...)") { once, network, brand };
        command.SetAction(async (parse, ct) =>
        {
            // Unattended (cron, a service manager), the collectors' progress goes to the log. An
            // embedding process (a test) gives the clock and settings through the context.
            using var host = CliHost.Build(
                parse.GetValue(CommonOptions.Database)!,
                builder =>
                {
                    builder.Services.AddSingleton(context.Time);
                    builder.Logging.SetMinimumLevel(context.Interactive ? LogLevel.Warning : LogLevel.Information);
                },
                context.Settings);

            if (!parse.GetValue(once))
            {
                if (parse.GetValue(network) is not null || parse.GetValue(brand) is not null)
                {
                    throw new UsageException("--network and --brand select the accounts of one pass: use them with --once");
                }

                await host.RunAsync(ct);
                return EngagementCli.Ok;
            }

            await host.Services.GetRequiredService<StoreMigrator>().MigrateAsync(ct);
            var runner = host.Services.GetRequiredService<CollectorRunner>();
            CollectorRunSummary summary;
            try
            {
                summary = await RunAsync(context, runner, parse.GetValue(network), parse.GetValue(brand), ct);
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }

            await PrintAsync(context, summary);
            return summary.Failed > 0 ? EngagementCli.Failure : EngagementCli.Ok;
        });
        return command;
    }

    private static async Task<CollectorRunSummary> RunAsync(CliContext context, CollectorRunner runner, string? network, string? brand, CancellationToken ct)
    {
        if (!context.Interactive)
        {
            return await runner.RunOnceAsync(network, brand, progress: null, ct);
        }

        CollectorRunSummary? summary = null;
        await context.Ansi().Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async display =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var progress = new Progress<CollectorProgress>(p =>
                {
                    if (!tasks.TryGetValue(p.Account.Network, out var task))
                    {
                        task = display.AddTask(p.Account.Network, maxValue: p.Total);
                        tasks[p.Account.Network] = task;
                    }

                    task.Value = p.Completed;
                    task.Description = $"{p.Account.Network}: {p.Completed}/{p.Total} accounts";
                });
                summary = await runner.RunOnceAsync(network, brand, progress, ct);
            });
        return summary!;
    }

    private static async Task PrintAsync(CliContext context, CollectorRunSummary summary)
    {
        foreach (var account in summary.Accounts.OrderBy(a => a.Network, StringComparer.Ordinal).ThenBy(a => a.Handle, StringComparer.Ordinal))
        {
            var outcome = account.Outcome.ToString().ToLowerInvariant();
            var error = account.Error is null ? "" : $": {account.Error}";
            await context.Output.WriteLineAsync(
                $"{account.Network}/{account.Handle} ({account.Brand}): {outcome}, {account.PostsInserted} new, {account.PostsUpdated} updated posts, {account.Requests} requests, {account.RateLimited} rate-limited{error}");
        }

        foreach (var note in summary.Notes)
        {
            await context.Output.WriteLineAsync($"note: {note}");
        }

        await context.Output.WriteLineAsync(
            $"total: {summary.Succeeded} accounts collected, {summary.Failed} failed, {summary.PostsInserted} new posts, {summary.PostsUpdated} updated, {summary.Requests} requests, {summary.RateLimited} rate-limited");
    }
}
