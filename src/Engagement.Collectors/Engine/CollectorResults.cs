using System.Text.Json.Serialization;

namespace Engagement.Collectors.Engine;

[JsonConverter(typeof(JsonStringEnumConverter<AccountRunOutcome>))]
public enum AccountRunOutcome
{
    Succeeded,
    Failed,
    Unavailable,
    Paused,

    /// <summary>The network refused the credentials: the rest of the pass sends it nothing.</summary>
    Unauthorized,

    /// <summary>Not due yet (backoff or interval). Passes no longer report these: a pass only claims due accounts.</summary>
    Skipped,
}

/// <summary>One account of one run.</summary>
public sealed record AccountRunResult(
    string Network,
    string Brand,
    string Handle,
    AccountRunOutcome Outcome,
    int PostsInserted,
    int PostsUpdated,
    int Requests,
    int RateLimited,
    string? Error);

/// <summary>Reported after each account of a run, for a progress display.</summary>
public sealed record CollectorProgress(AccountRunResult Account, int Completed, int Total);

/// <summary>A whole run: per account, and notes on networks that were not run (and why).</summary>
public sealed record CollectorRunSummary(IReadOnlyList<AccountRunResult> Accounts, IReadOnlyList<string> Notes)
{
    public int Succeeded => Accounts.Count(a => a.Outcome == AccountRunOutcome.Succeeded);

    public int Failed => Accounts.Count(a => a.Outcome is AccountRunOutcome.Failed or AccountRunOutcome.Unavailable or AccountRunOutcome.Paused or AccountRunOutcome.Unauthorized);

    public int PostsInserted => Accounts.Sum(a => a.PostsInserted);

    public int PostsUpdated => Accounts.Sum(a => a.PostsUpdated);

    public int Requests => Accounts.Sum(a => a.Requests);

    public int RateLimited => Accounts.Sum(a => a.RateLimited);
}
