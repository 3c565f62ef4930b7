namespace Engagement.Collectors.Storage;

/// <summary>How an account's collection is doing, as its status reports it.</summary>
public enum CollectorHealth
{
    /// <summary>Never run yet.</summary>
    Pending,

    Ok,

    /// <summary>The last run failed (network, server, malformed answer); retried with backoff.</summary>
    Failing,

    /// <summary>The account is gone, suspended or moved; retried with backoff in case it comes back.</summary>
    Unavailable,

    /// <summary>The network is paused (YouTube quota spent) until the next run.</summary>
    Paused,

    /// <summary>
    /// The network refused the configured credentials (401, or its token error): the network
    /// stopped for the pass, without retrying, until the credentials are fixed.
    /// </summary>
    Unauthorized,

    /// <summary>The network is disabled: its credentials are not configured (the status gives the reason). Never stored.</summary>
    Disabled,
}

/// <summary>
/// The collector's bookkeeping of one account (network, normalised handle). It is committed in
/// the same transaction as the posts of the run, so the cursor never runs ahead of the data.
/// </summary>
public sealed record CollectorAccountState(string Network, string Handle)
{
    /// <summary>Network-specific position: the newest post id seen.</summary>
    public string? Cursor { get; init; }

    /// <summary>When the first full run (the backfill) succeeded; null means the next run backfills.</summary>
    public DateTimeOffset? BackfilledAt { get; init; }

    public DateTimeOffset? LastRunAt { get; init; }

    public DateTimeOffset? LastSuccessAt { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset? LastErrorAt { get; init; }

    public DateTimeOffset? NextRunAt { get; init; }

    public int ConsecutiveFailures { get; init; }

    public CollectorHealth Health { get; init; } = CollectorHealth.Pending;

    /// <summary>Posts this collector inserted for the account (updates of known posts not counted).</summary>
    public long PostsStored { get; init; }

    /// <summary>HTTP attempts made for the account, retries included.</summary>
    public long RequestsMade { get; init; }

    /// <summary>429 answers received while collecting the account.</summary>
    public long RateLimited { get; init; }
}
