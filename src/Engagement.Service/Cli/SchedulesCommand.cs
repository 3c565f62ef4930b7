using System.CommandLine;
using System.Globalization;
using Engagement.Data.Store.Deliveries;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Scheduling;
using Engagement.Service.Api;
using Engagement.Service.Deliveries;

namespace Engagement.Service.Cli;

/// <summary><c>schedules create|update|list|delete</c>: reports sent weekly or monthly by the service (serve), to a webhook or e-mail.</summary>
public static class SchedulesCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("schedules", "Manage scheduled reports (sent by the running service)");
        var workspace = CommonOptions.Workspace();
        workspace.Recursive = true;
        command.Options.Add(workspace);
        command.Subcommands.Add(CreateVerb(context, workspace));
        command.Subcommands.Add(UpdateVerb(context, workspace));
        command.Subcommands.Add(ListVerb(context, workspace));
        command.Subcommands.Add(DeleteVerb(context, workspace));
        return command;
    }

    private static Command CreateVerb(CliContext context, Option<string> workspace)
    {
        var options = new RequestOptions();
        var create = new Command("create", "Schedule a report; prints its id, next run and webhook signing secret (shown once)");
        options.AddTo(create);
        create.SetAction(async (parse, ct) =>
        {
            await using var host = await CliHost.OpenAsync(parse, ct);
            var schedule = await host.Get<ScheduleRepository>().InsertAsync(await NewAsync(host, options.Request(parse), parse.GetValue(workspace)!, ct), ct);
            await context.Output.WriteLineAsync($"schedule {schedule.Id} ({schedule.Name}) created; next run {Instant(SchedulesApi.NextRunAt(schedule, host.Get<TimeProvider>()))}");
            await context.Output.WriteLineAsync($"webhook signing secret (shown once): {schedule.SigningSecret}");
            return EngagementCli.Ok;
        });
        return create;
    }

    private static Command UpdateVerb(CliContext context, Option<string> workspace)
    {
        var id = new Argument<long>("id") { Description = "schedule id (schedules list)" };
        var options = new RequestOptions();
        var update = new Command("update", "Replace a scheduled report's settings (the options of create, defaults included); keeps its id, runs and secret") { id };
        options.AddTo(update);
        update.SetAction(async (parse, ct) =>
        {
            await using var host = await CliHost.OpenAsync(parse, ct);
            var space = parse.GetValue(workspace)!;
            var schedules = host.Get<ScheduleRepository>();
            var unknown = new UsageException($"no schedule {parse.GetValue(id)} in workspace '{space}'");
            _ = await schedules.GetAsync(space, parse.GetValue(id), ct) ?? throw unknown;
            var schedule = await schedules.UpdateAsync(parse.GetValue(id), await NewAsync(host, options.Request(parse), space, ct), ct) ?? throw unknown;
            await context.Output.WriteLineAsync($"schedule {schedule.Id} ({schedule.Name}) updated; next run {Instant(SchedulesApi.NextRunAt(schedule, host.Get<TimeProvider>()))}");
            return EngagementCli.Ok;
        });
        return update;
    }

    // The request checked as the API checks it, for a workspace that must exist.
    private static async Task<NewSchedule> NewAsync(CliHost host, ScheduleRequest request, string space, CancellationToken ct)
    {
        var workspaces = host.Get<WorkspaceRepository>();
        if (await workspaces.GetAsync(space, ct) is null)
        {
            throw new UsageException($"no workspace named '{space}' (workspaces create {space})");
        }

        return await SchedulesApi.NewAsync(request, space, _ => true, (workspaces, host.Get<PeerSetRepository>()), host.Get<EmailSender>(), ct);
    }

    private static Command ListVerb(CliContext context, Option<string> workspace)
    {
        var list = new Command("list", "List the workspace's scheduled reports");
        list.SetAction(async (parse, ct) =>
        {
            await using var host = await CliHost.OpenAsync(parse, ct);
            var time = host.Get<TimeProvider>();
            foreach (var s in await host.Get<ScheduleRepository>().ListAsync(parse.GetValue(workspace)!, ct))
            {
                var targets = string.Join(", ", new[] { s.Targets.WebhookUrl }.OfType<string>().Concat(s.Targets.Emails));
                await context.Output.WriteLineAsync(
                    $"{s.Id} {s.Name}: {ScheduleCalendar.Text(s.Cadence)} at {s.Hour:00}:00 {s.TimeZone}, {string.Join(',', s.Brands)} vs {s.Benchmark}, "
                    + $"{string.Join('+', s.Formats)} to {targets}; next {Instant(SchedulesApi.NextRunAt(s, time))}");
            }

            return EngagementCli.Ok;
        });
        return list;
    }

    private static Command DeleteVerb(CliContext context, Option<string> workspace)
    {
        var id = new Argument<long>("id") { Description = "schedule id (schedules list)" };
        var delete = new Command("delete", "Delete a scheduled report, its runs and deliveries") { id };
        delete.SetAction(async (parse, ct) =>
        {
            await using var host = await CliHost.OpenAsync(parse, ct);
            if (!await host.Get<ScheduleRepository>().DeleteAsync(parse.GetValue(workspace)!, parse.GetValue(id), ct))
            {
                throw new UsageException($"no schedule {parse.GetValue(id)} in workspace '{parse.GetValue(workspace)}'");
            }

            await context.Output.WriteLineAsync($"schedule {parse.GetValue(id)} deleted");
            return EngagementCli.Ok;
        });
        return delete;
    }

    private static string Instant(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>The options that say what a schedule is: create's, and update's (a full replacement).</summary>
    private sealed class RequestOptions
    {
        private readonly Option<string> _name = new("--name") { Description = "schedule name (a-z 0-9 - _), unique in the workspace", Required = true };
        private readonly Option<string> _cadence = new("--cadence") { Description = "weekly (Mondays, the previous week) or monthly (the 1st, the previous month)", Required = true };
        private readonly Option<string> _zone = new("--time-zone") { Description = "IANA time zone, e.g. Europe/Paris", DefaultValueFactory = _ => "UTC" };
        private readonly Option<int> _hour = new("--hour") { Description = "local hour it is sent at, 0-23", DefaultValueFactory = _ => 8 };
        private readonly Option<string> _brands = new("--brands") { Description = "comma-separated brand ids; the first is the subject", Required = true };
        private readonly Option<string> _benchmark = new("--benchmark") { Description = "all, industry, industry:ID or peers:NAME", DefaultValueFactory = _ => "all" };
        private readonly Option<string> _formats = new("--formats") { Description = "csv, pdf or csv,pdf", DefaultValueFactory = _ => "csv,pdf" };
        private readonly Option<string?> _webhook = new("--webhook") { Description = "webhook URL the report is POSTed to (signed)" };
        private readonly Option<string?> _emails = new("--emails") { Description = "comma-separated e-mail addresses" };

        public void AddTo(Command command)
        {
            foreach (Option option in new Option[] { _name, _cadence, _zone, _hour, _brands, _benchmark, _formats, _webhook, _emails })
            {
                command.Options.Add(option);
            }
        }

        public ScheduleRequest Request(ParseResult parse) => new(
            parse.GetValue(_name), parse.GetValue(_cadence), parse.GetValue(_zone), parse.GetValue(_hour), CommonOptions.SplitList(parse.GetValue(_brands)),
            parse.GetValue(_benchmark), CommonOptions.SplitList(parse.GetValue(_formats)), parse.GetValue(_webhook), CommonOptions.SplitList(parse.GetValue(_emails)));
    }
}
