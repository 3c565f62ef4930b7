using System.ComponentModel;
using Engagement.Data.Store.Deliveries;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;
using Engagement.Service.Deliveries;
using Engagement.Service.Hosting.Authentication;
using Engagement.Service.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engagement.Service.Api;

/// <summary><c>/api/v1/alert-rules</c>: rules evaluated after every import and collector pass, each occurrence sent once.</summary>
public static class AlertRulesApi
{
    public static IEndpointRouteBuilder MapAlertRules(this IEndpointRouteBuilder api)
    {
        var rules = api.MapGroup("/alert-rules").WithTags("Alerts");
        rules.MapGet("/", ListAsync).WithName("ListAlertRules").WithSummary("List alert rules")
            .WithDescription("The workspace's alert rules by id, a page at a time: follow next (or the Link header) until it is null. A brand-restricted key sees none.")
            .Paged();
        rules.MapPost("/", CreateAsync).WithName("CreateAlertRule").WithSummary("Create an alert rule")
            .WithDescription("Evaluated after each import and collector pass over the last week of data against the week before; each occurrence "
                + "is sent once, with the numbers that triggered it. The answer carries the webhook signing secret, once. Editor key.")
            .ProducesValidationProblem()
            .RequireRole(ApiKeyRole.Editor);
        rules.MapGet("/{id}", GetAsync).WithName("GetAlertRule").WithSummary("Get an alert rule").ProducesProblem(StatusCodes.Status404NotFound);
        rules.MapPut("/{id}", UpdateAsync).WithName("UpdateAlertRule").WithSummary("Edit an alert rule")
            .WithDescription("Replaces the whole rule (the body is create's) and keeps its id, signing secret and the occurrences it fired for: "
                + "an occurrence already sent is not sent again. An occurrence is what fired (kind, brand, week and, for overtaken, competitor), "
                + "so a rule edited to another kind or brand fires for a week its old condition already fired in. "
                + "Deliveries already queued go where the rule said when it fired. Editor key.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireRole(ApiKeyRole.Editor);
        rules.MapDelete("/{id}", DeleteAsync).WithName("DeleteAlertRule").WithSummary("Delete an alert rule")
            .WithDescription("Deletes the rule, its occurrences and their deliveries. Editor key.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireRole(ApiKeyRole.Editor);
        return api;
    }

    private static async Task<Ok<Page<AlertRuleResponse>>> ListAsync([AsParameters] PageQuery page, HttpContext context, AlertRepository rules, Caller caller, CancellationToken ct)
    {
        ApiPaging.Limit(page.Limit);
        var list = new List<AlertRuleResponse>();
        foreach (var rule in caller.IsRestricted ? [] : await rules.ListAsync(caller.Workspace, ct))
        {
            list.Add(Response(rule, await rules.OccurrencesAsync(rule.Id, ct), secret: false));
        }

        return TypedResults.Ok(ApiPaging.Take(context.Request, list, r => SchedulesApi.Key(r.Id), page, null));
    }

    private static async Task<Created<AlertRuleResponse>> CreateAsync(
        AlertRuleRequest body, Caller caller, AlertRepository rules, WorkspaceRepository workspaces, PeerSetRepository peerSets, EmailSender email, CancellationToken ct)
    {
        var rule = await rules.InsertAsync(await NewAsync(body, caller, (workspaces, peerSets), email, ct), ct);
        return TypedResults.Created($"/api/v1/alert-rules/{rule.Id}", Response(rule, [], secret: true));
    }

    private static async Task<Ok<AlertRuleResponse>> UpdateAsync(
        [Description("Alert rule id.")] long id, AlertRuleRequest body, Caller caller, AlertRepository rules, WorkspaceRepository workspaces, PeerSetRepository peerSets,
        EmailSender email, CancellationToken ct)
    {
        // The object first: another workspace's id is 404 whatever the body says.
        await FindAsync(rules, caller, id, ct);
        var rule = await rules.UpdateAsync(id, await NewAsync(body, caller, (workspaces, peerSets), email, ct), ct) ?? throw Unknown(id);
        return TypedResults.Ok(Response(rule, await rules.OccurrencesAsync(rule.Id, ct), secret: false));
    }

    /// <summary>The rule a request asks for, checked field by field, to create or to replace one.</summary>
    private static async Task<NewAlertRule> NewAsync(
        AlertRuleRequest body, Caller caller, (WorkspaceRepository Workspaces, PeerSetRepository PeerSets) store, EmailSender email, CancellationToken ct)
    {
        var name = BrandsApi.Required(body.Name, "name", "an alert rule needs a name");
        BrandsApi.Id(name, "name");
        var kind = BrandsApi.Required(body.Kind, "kind", $"an alert rule needs a kind: {string.Join(", ", AlertKinds.All)}");
        if (!AlertKinds.All.Contains(kind))
        {
            throw new ApiParameterException("kind", $"unknown kind '{kind}': use {string.Join(", ", AlertKinds.All)}");
        }

        var brand = (await DeliveryRequests.BrandsAsync(
            [BrandsApi.Required(body.Brand, "brand", "an alert rule watches a brand")], "brand", 1, caller.Workspace, caller.Allows, store.Workspaces, ct))[0];
        var competitors = await DeliveryRequests.BrandsAsync(
            body.Competitors, "competitors", kind == AlertKinds.Overtaken ? 1 : 0, caller.Workspace, caller.Allows, store.Workspaces, ct);
        var threshold = body.Threshold ?? (kind == AlertKinds.Overtaken ? 0 : throw new ApiParameterException("threshold", $"a {kind} rule needs a threshold"));
        if (!double.IsFinite(threshold) || threshold is < 0 or > 100)
        {
            throw new ApiParameterException("threshold", $"threshold must be 0-100 (points or percent), got {threshold}");
        }

        return new NewAlertRule(
            caller.Workspace, name, kind, brand, competitors.Where(c => c != brand).ToList(), threshold,
            await DeliveryRequests.BenchmarkAsync(body.Benchmark, caller.Workspace, store.PeerSets, ct), DeliveryRequests.Targets(body.WebhookUrl, body.Emails, email));
    }

    private static async Task<Ok<AlertRuleResponse>> GetAsync([Description("Alert rule id.")] long id, AlertRepository rules, Caller caller, CancellationToken ct)
    {
        var rule = await FindAsync(rules, caller, id, ct);
        return TypedResults.Ok(Response(rule, await rules.OccurrencesAsync(rule.Id, ct), secret: false));
    }

    private static async Task<NoContent> DeleteAsync([Description("Alert rule id.")] long id, AlertRepository rules, Caller caller, CancellationToken ct) =>
        !caller.IsRestricted && await rules.DeleteAsync(caller.Workspace, id, ct) ? TypedResults.NoContent() : throw Unknown(id);

    // A brand-restricted key (a client's) sees no rule, as in the list.
    private static async Task<AlertRule> FindAsync(AlertRepository rules, Caller caller, long id, CancellationToken ct) =>
        (caller.IsRestricted ? null : await rules.GetAsync(caller.Workspace, id, ct)) ?? throw Unknown(id);

    private static AlertRuleResponse Response(AlertRule r, IReadOnlyList<string> fired, bool secret) => new(
        r.Id, r.Workspace, r.Name, r.Kind, r.Brand, r.Competitors, r.Threshold, r.Benchmark, r.Targets.WebhookUrl, r.Targets.Emails, r.CreatedAt, fired,
        secret ? r.SigningSecret : null);

    private static NotFoundException Unknown(long id) => new($"unknown alert rule {id}");
}
