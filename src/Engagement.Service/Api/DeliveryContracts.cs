using System.ComponentModel;

namespace Engagement.Service.Api;

/// <summary>A scheduled report to create, or to replace one with (PUT).</summary>
public sealed record ScheduleRequest(
    [property: Description("Unique in the workspace: 1-64 characters of a-z 0-9 - _.")] string? Name,
    [property: Description("weekly: every Monday, for the previous ISO week. monthly: every 1st, for the previous calendar month.")] string? Cadence,
    [property: Description("IANA time zone the hour is in, e.g. Europe/Paris.")] string? TimeZone,
    [property: Description("Local hour the report is sent at, 0-23. Default 8.")] int? Hour,
    [property: Description("Brands compared; the first is the subject whose benchmark set is used.")] IReadOnlyList<string>? Brands,
    [property: Description("Benchmark set, as the reports take it. Default all.")] string? Benchmark,
    [property: Description("Files sent: csv, pdf. Default both.")] IReadOnlyList<string>? Formats,
    [property: Description("Webhook the report is POSTed to (signed; docs/deliveries.md).")] string? WebhookUrl,
    [property: Description("E-mail addresses the report is sent to.")] IReadOnlyList<string>? Emails);

/// <summary>A scheduled report.</summary>
public sealed record ScheduleResponse(
    long Id,
    string Workspace,
    string Name,
    string Cadence,
    string TimeZone,
    int Hour,
    IReadOnlyList<string> Brands,
    string Benchmark,
    IReadOnlyList<string> Formats,
    string? WebhookUrl,
    IReadOnlyList<string> Emails,
    DateTimeOffset CreatedAt,
    [property: Description("When the next report is due.")] DateTimeOffset NextRunAt,
    [property: Description("The webhook signing secret: given once, in the answer that creates the schedule; null afterwards.")] string? SigningSecret);

/// <summary>One run of a schedule: one period.</summary>
public sealed record ScheduleRunResponse(
    long Id,
    [property: Description("The period reported: 2026-W47 (weekly) or 2026-11 (monthly).")] string Period,
    DateTimeOffset DueAt,
    string Status,
    DateTimeOffset? FinishedAt,
    string? Error,
    IReadOnlyList<string> Files);

/// <summary>An alert rule to create, or to replace one with (PUT).</summary>
public sealed record AlertRuleRequest(
    [property: Description("Unique in the workspace: 1-64 characters of a-z 0-9 - _.")] string? Name,
    [property: Description("score-drop: the score fell by at least threshold points week over week. responsiveness-below: under threshold % of users' posts answered over the last week. overtaken: a competitor passed the brand in rank.")] string? Kind,
    [property: Description("The brand watched.")] string? Brand,
    [property: Description("overtaken: the competitors watched.")] IReadOnlyList<string>? Competitors,
    [property: Description("Points (score-drop) or percent (responsiveness-below); unused by overtaken.")] double? Threshold,
    [property: Description("Benchmark set the scores are computed against. Default all.")] string? Benchmark,
    string? WebhookUrl,
    IReadOnlyList<string>? Emails);

/// <summary>An alert rule.</summary>
public sealed record AlertRuleResponse(
    long Id,
    string Workspace,
    string Name,
    string Kind,
    string Brand,
    IReadOnlyList<string> Competitors,
    double Threshold,
    string Benchmark,
    string? WebhookUrl,
    IReadOnlyList<string> Emails,
    DateTimeOffset CreatedAt,
    [property: Description("Occurrence keys the rule fired for, oldest first: KIND:BRAND:WEEK (the week's end day, yyyy-MM-dd), "
        + "and KIND:BRAND:WEEK:COMPETITOR for overtaken. After an edit, the keys of what the rule watched before stay listed.")] IReadOnlyList<string> Fired,
    [property: Description("The webhook signing secret: given once, when the rule is created; null afterwards.")] string? SigningSecret);

/// <summary>A delivery of a report or an alert to one target, and its attempts.</summary>
public sealed record DeliveryResponse(
    long Id,
    string Event,
    string Channel,
    string Target,
    long? RunId,
    string Status,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    string? LastError,
    IReadOnlyList<DeliveryAttemptResponse> AttemptLog);

public sealed record DeliveryAttemptResponse(int Attempt, DateTimeOffset AttemptedAt, int? StatusCode, string? Error);
