using Engagement.Domain.Scheduling;

namespace Engagement.Data.Store.Deliveries;

/// <summary>Where a schedule's reports or a rule's alerts go: a webhook and/or e-mail addresses.</summary>
public sealed record DeliveryTargets(string? WebhookUrl, IReadOnlyList<string> Emails)
{
    public bool IsEmpty => WebhookUrl is null && Emails.Count == 0;
}

/// <summary>A scheduled report: what is reported (brands against a benchmark, in which formats), when, and where it goes.</summary>
/// <param name="OwedFrom">
/// Periods due from this instant on are sent: the creation time, so a new schedule does not send a
/// period already due before it existed, moved back by an edit that keeps a never-run schedule's
/// pending period owed (migration 11).
/// </param>
public sealed record Schedule(
    long Id,
    string Workspace,
    string Name,
    Cadence Cadence,
    string TimeZone,
    int Hour,
    IReadOnlyList<string> Brands,
    string Benchmark,
    IReadOnlyList<string> Formats,
    DeliveryTargets Targets,
    string SigningSecret,
    DateTimeOffset CreatedAt,
    DateTimeOffset OwedFrom);

/// <summary>A schedule to store; the id, secret and creation time are the store's.</summary>
public sealed record NewSchedule(
    string Workspace,
    string Name,
    Cadence Cadence,
    string TimeZone,
    int Hour,
    IReadOnlyList<string> Brands,
    string Benchmark,
    IReadOnlyList<string> Formats,
    DeliveryTargets Targets);

/// <summary>One run of a schedule (one period), and how it ended.</summary>
public sealed record ScheduleRun(long Id, long ScheduleId, string Period, DateTimeOffset DueAt, string Status, DateTimeOffset? FinishedAt, string? Error);

/// <summary>A schedule with its run that fell due last (done, failed or running; null before its first run).</summary>
public sealed record ScheduleWithLastRun(Schedule Schedule, ScheduleRun? LastRun);

/// <summary>A file a run produced (the report's CSV or PDF).</summary>
public sealed record RunFile(string Name, string ContentType, byte[] Content);

/// <summary>A message to queue: an event (report or alert) to one target.</summary>
/// <param name="Channel"><c>webhook</c> or <c>email</c>.</param>
/// <param name="Target">The webhook URL or the e-mail address.</param>
/// <param name="Payload">The event as JSON: the webhook's body (or its first part), the e-mail's text.</param>
public sealed record NewDelivery(string Event, string Channel, string Target, string SigningSecret, string Subject, string Payload);

/// <summary>A queued message and where it stands.</summary>
public sealed record Delivery(
    long Id,
    string Workspace,
    long? RunId,
    long? OccurrenceId,
    string Event,
    string Channel,
    string Target,
    string SigningSecret,
    string Subject,
    string Payload,
    string Status,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    string? LastError);

/// <summary>One try at sending a delivery: the HTTP status (webhooks) or the error.</summary>
public sealed record DeliveryAttempt(int Attempt, DateTimeOffset AttemptedAt, int? StatusCode, string? Error);
