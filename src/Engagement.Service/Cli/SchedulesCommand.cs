using System.CommandLine;
using System.Globalization;
using Engagement.Data.Store.Deliveries;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Scheduling;
using Engagement.Service.Api;
using Engagement.Service.Deliveries;

namespace Engagement.Service.Cli;

/// <summary><c>schedules create|list|delete</c>: reports sent weekly or monthly by the service (serve), to a webhook or e-mail.</summary>
public static class SchedulesCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("schedules", "Manage scheduled reports (sent by the running service)");
        var workspace = CommonOptions.Workspace();
        workspace.Recursive = true;
        command.Options.Add(workspace);
        command.Subcommands.Add(CreateVerb(context, workspace));
        command.Subcommands.Add(ListVerb(context, workspace));
        command.Subcommands.Add(DeleteVerb(context, workspace));
        return command;
    }

    private static Command CreateVerb(CliContext context, Option<string> workspace)
    {
        var name = new Option<string>("--name") { Description = "schedule name (a-z 0-9 - _), unique in the workspace", Required = true };
        var cadence = new Option<string>("--cadence") { Description = "weekly (Mondays, the previous week) or monthly (the 1st, the previous month)", Required = true };
        var zone = new Option<string>("--time-zone") { Description = "IANA time zone, e.g. Europe/Paris", DefaultValueFactory = _ => "UTC" };
        var hour = new Option<int>("--hour") { Description = "local hour it is sent at, 0-23", DefaultValueFactory = _ => 8 };
        var brands = new Option<string>("--brands") { Description = "comma-separated brand ids; the first is the subject", Required = true };
        var benchmark = new Option<string>("--benchmark") { Description = "all, industry, industry:ID or peers:NAME", DefaultValueFactory = _ => "all" };
        var formats = new Option<string>("--formats") { Description = "csv, pdf or csv,pdf", DefaultValueFactory = _ => "csv,pdf" };
        var webhook = new Option<string?>("--webhook") { Description = "webhook URL the report is POSTed to (signed)" };
        var emails = new Option<string?>("--emails") { Description = "comma-separated e-mail addresses" };
        var create = new Command("create", "Schedule a report; prints its id, next run and webhook signing secret (shown once)")
        {
            name, cadence, zone, hour, brands, benchmark, formats, webhook, emails,
        };
        create.SetAction(async (parse, ct) =>
        {
            await using var host = await CliHost.OpenAsync(parse, ct);
            var request = new ScheduleRequest(
                parse.GetValue(name), parse.GetValue(cadence), parse.GetValue(zone), parse.GetValue(hour), CommonOptions.SplitList(parse.GetValue(brands)),
                parse.GetValue(benchmark), CommonOptions.SplitList(parse.GetValue(formats)), parse.GetValue(webhook), CommonOptions.SplitList(parse.GetValue(emails)));
            var schedules = host.Get<ScheduleRepository>();
            var workspaces = host.Get<WorkspaceRepository>();
            var space = parse.GetValue(workspace)!;
            if (await workspaces.GetAsync(space, ct) is null)
            {
                throw new UsageException($"no workspace named '{space}' (workspaces create {space})");
            }

            var schedule = await schedules.InsertAsync(await SchedulesApi.NewAsync(request, space, _ => true, (workspaces, host.Get<PeerSetRepository>()), host.Get<EmailSender>(), ct), ct);
            await context.Output.WriteLineAsync($"schedule {schedule.Id} ({schedule.Name}) created; next run {Instant(SchedulesApi.NextRunAt(schedule, host.Get<TimeProvider>()))}");
            await context.Output.WriteLineAsync($"webhook signing secret (shown once): {schedule.SigningSecret}");
            return EngagementCli.Ok;
        });
        return create;
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
}
