using System.ComponentModel;
using Engagement.Data.Store.Deliveries;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;
using Engagement.Domain.Scheduling;
using Engagement.Service.Deliveries;
using Engagement.Service.Hosting.Authentication;
using Engagement.Service.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engagement.Service.Api;

/// <summary><c>/api/v1/schedules</c>: reports sent weekly or monthly to a webhook or e-mail addresses.</summary>
public static class SchedulesApi
{
    public static IEndpointRouteBuilder MapSchedules(this IEndpointRouteBuilder api)
    {
        var schedules = api.MapGroup("/schedules").WithTags("Schedules");
        schedules.MapGet("/", ListAsync).WithName("ListSchedules").WithSummary("List scheduled reports")
            .WithDescription("The workspace's schedules by id, a page at a time: follow next (or the Link header) until it is null. A brand-restricted key sees none.")
            .Paged();
        schedules.MapPost("/", CreateAsync).WithName("CreateSchedule").WithSummary("Schedule a report")
            .WithDescription("The comparison of the brands against the benchmark, as CSV and/or the compare page printed to PDF, sent every week "
                + "(Mondays, for the previous ISO week) or month (the 1st, for the previous month) at the hour of the time zone. The answer "
                + "carries the webhook signing secret, once. Every brand must be tracked by the workspace. Editor key.")
            .ProducesValidationProblem()
            .RequireRole(ApiKeyRole.Editor);
        schedules.MapGet("/{id}", GetAsync).WithName("GetSchedule").WithSummary("Get a scheduled report").ProducesProblem(StatusCodes.Status404NotFound);
        schedules.MapPut("/{id}", UpdateAsync).WithName("UpdateSchedule").WithSummary("Edit a scheduled report")
            .WithDescription("Replaces the whole schedule (the body is create's; an omitted optional field takes its default) and keeps its id, "
                + "runs and signing secret. A new cadence, time zone or hour gives the next due time as creating it would; a period already "
                + "run is never sent again, and one a new hour puts in the past before it was sent is sent at once, before the schedule's "
                + "first run too (the period it owed when edited stays owed); a period due before the schedule was created is never sent, "
                + "nor, after a change of cadence before the first run, one of the new cadence due before the creation. A run already "
                + "started finishes with the settings it started with. Editor key.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireRole(ApiKeyRole.Editor);
        schedules.MapDelete("/{id}", DeleteAsync).WithName("DeleteSchedule").WithSummary("Delete a scheduled report")
            .WithDescription("Deletes the schedule, its runs, their files and their deliveries. Editor key.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireRole(ApiKeyRole.Editor);
        schedules.MapGet("/{id}/runs", RunsAsync).WithName("ListScheduleRuns").WithSummary("List a schedule's runs")
            .WithDescription("One run per period, newest first, with its files and, when it failed, why.")
            .Paged()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Ok<Page<ScheduleResponse>>> ListAsync(
        [AsParameters] PageQuery page, HttpContext context, ScheduleRepository schedules, Caller caller, TimeProvider time, CancellationToken ct)
    {
        ApiPaging.Limit(page.Limit);
        var all = (await VisibleAsync(schedules, caller, ct)).Select(s => Response(s, time, secret: false)).ToList();
        return TypedResults.Ok(ApiPaging.Take(context.Request, all, s => Key(s.Id), page, null));
    }

    private static async Task<Created<ScheduleResponse>> CreateAsync(
        ScheduleRequest body, Caller caller, ScheduleRepository schedules, WorkspaceRepository workspaces, PeerSetRepository peerSets, EmailSender email, TimeProvider time,
        CancellationToken ct)
    {
        var schedule = await schedules.InsertAsync(await NewAsync(body, caller.Workspace, caller.Allows, (workspaces, peerSets), email, ct), ct);
        return TypedResults.Created($"/api/v1/schedules/{schedule.Id}", Response(schedule, time, secret: true));
    }

    private static async Task<Ok<ScheduleResponse>> GetAsync([Description("Schedule id.")] long id, ScheduleRepository schedules, Caller caller, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(Response(await FindAsync(schedules, caller, id, ct), time, secret: false));

    private static async Task<Ok<ScheduleResponse>> UpdateAsync(
        [Description("Schedule id.")] long id, ScheduleRequest body, Caller caller, ScheduleRepository schedules, WorkspaceRepository workspaces, PeerSetRepository peerSets,
        EmailSender email, TimeProvider time, CancellationToken ct)
    {
        // The object first: another workspace's id is 404 whatever the body says.
        await FindAsync(schedules, caller, id, ct);
        var schedule = await schedules.UpdateAsync(id, await NewAsync(body, caller.Workspace, caller.Allows, (workspaces, peerSets), email, ct), ct) ?? throw Unknown(id);
        return TypedResults.Ok(Response(schedule, time, secret: false));
    }

    private static async Task<NoContent> DeleteAsync([Description("Schedule id.")] long id, ScheduleRepository schedules, Caller caller, CancellationToken ct) =>
        !caller.IsRestricted && await schedules.DeleteAsync(caller.Workspace, id, ct) ? TypedResults.NoContent() : throw Unknown(id);

    private static async Task<Ok<Page<ScheduleRunResponse>>> RunsAsync(
        [Description("Schedule id.")] long id, [AsParameters] PageQuery page, HttpContext context, ScheduleRepository schedules, ScheduleRunRepository runs, Caller caller, CancellationToken ct)
    {
        ApiPaging.Limit(page.Limit);
        var schedule = await FindAsync(schedules, caller, id, ct);
        var list = new List<ScheduleRunResponse>();
        foreach (var run in await runs.ListAsync(schedule.Id, ct))
        {
            var files = run.Status == "done" ? (await runs.FilesAsync(run.Id, ct)).Select(f => f.Name).ToList() : [];
            list.Add(new ScheduleRunResponse(run.Id, run.Period, run.DueAt, run.Status, run.FinishedAt, run.Error, files));
        }

        return TypedResults.Ok(ApiPaging.Take(context.Request, list, r => Key(long.MaxValue - r.Id), page, null));
    }

    /// <summary>The schedule a request asks for, checked field by field (the API's body, the command line's options), to create or to replace one.</summary>
    public static async Task<NewSchedule> NewAsync(
        ScheduleRequest body, string workspace, Func<string, bool> allows, (WorkspaceRepository Workspaces, PeerSetRepository PeerSets) store, EmailSender email,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        var name = BrandsApi.Required(body.Name, "name", "a schedule needs a name");
        BrandsApi.Id(name, "name");
        var cadence = Parse("cadence", () => ScheduleCalendar.ParseCadence(body.Cadence));
        var zone = Parse("timeZone", () => ScheduleCalendar.Zone(body.TimeZone));
        var hour = body.Hour ?? 8;
        if (hour is < 0 or > 23)
        {
            throw new ApiParameterException("hour", $"hour must be 0-23, got {hour}");
        }

        var formats = (body.Formats is { Count: > 0 } given ? given : ApiVocabulary.ReportFiles).Distinct(StringComparer.Ordinal).ToList();
        if (formats.FirstOrDefault(f => !ApiVocabulary.ReportFiles.Contains(f)) is { } unknown)
        {
            throw new ApiParameterException("formats", $"unknown format '{unknown}': use csv and/or pdf");
        }

        return new NewSchedule(
            workspace,
            name,
            cadence,
            zone.Id,
            hour,
            await DeliveryRequests.BrandsAsync(body.Brands, "brands", 1, workspace, allows, store.Workspaces, ct),
            await DeliveryRequests.BenchmarkAsync(body.Benchmark, workspace, store.PeerSets, ct),
            formats,
            DeliveryRequests.Targets(body.WebhookUrl, body.Emails, email));
    }

    /// <summary>When the schedule's next report is due.</summary>
    public static DateTimeOffset NextRunAt(Schedule schedule, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(time);
        return ScheduleCalendar.NextDue(schedule.Cadence, ScheduleCalendar.Zone(schedule.TimeZone), schedule.Hour, time.GetUtcNow()).DueAt;
    }

    // A brand-restricted key (a client's) sees no schedule: each names brands beyond its own.
    private static async Task<IReadOnlyList<Schedule>> VisibleAsync(ScheduleRepository schedules, Caller caller, CancellationToken ct) =>
        caller.IsRestricted ? [] : await schedules.ListAsync(caller.Workspace, ct);

    private static async Task<Schedule> FindAsync(ScheduleRepository schedules, Caller caller, long id, CancellationToken ct) =>
        (caller.IsRestricted ? null : await schedules.GetAsync(caller.Workspace, id, ct)) ?? throw Unknown(id);

    internal static string Key(long id) => id.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    private static T Parse<T>(string parameter, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (DomainException invalid)
        {
            throw new ApiParameterException(parameter, invalid.Message);
        }
    }

    private static ScheduleResponse Response(Schedule s, TimeProvider time, bool secret) => new(
        s.Id,
        s.Workspace,
        s.Name,
        ScheduleCalendar.Text(s.Cadence),
        s.TimeZone,
        s.Hour,
        s.Brands,
        s.Benchmark,
        s.Formats,
        s.Targets.WebhookUrl,
        s.Targets.Emails,
        s.CreatedAt,
        NextRunAt(s, time),
        secret ? s.SigningSecret : null);

    private static NotFoundException Unknown(long id) => new($"unknown schedule {id}");
}
