using Engagement.Domain.Model;

namespace Engagement.Collectors.Storage;

/// <summary>A collector_state row: one column per field of <see cref="CollectorAccountState"/>.</summary>
internal sealed class StateRow
{
    public const string Columns = """
        "network" AS "Network", "handle" AS "Handle", "cursor" AS "Cursor", "backfilled_at" AS "BackfilledAt",
        "last_run_at" AS "LastRunAt", "last_success_at" AS "LastSuccessAt", "last_error" AS "LastError",
        "last_error_at" AS "LastErrorAt", "next_run_at" AS "NextRunAt", "consecutive_failures" AS "ConsecutiveFailures",
        "health" AS "Health", "posts_stored" AS "PostsStored", "requests_made" AS "RequestsMade", "rate_limited" AS "RateLimited"
        """;

    public const string Upsert = """
        INSERT INTO "collector_state" ("network", "handle", "cursor", "backfilled_at", "last_run_at", "last_success_at", "last_error",
            "last_error_at", "next_run_at", "consecutive_failures", "health", "posts_stored", "requests_made", "rate_limited")
        VALUES (@Network, @Handle, @Cursor, @BackfilledAt, @LastRunAt, @LastSuccessAt, @LastError,
            @LastErrorAt, @NextRunAt, @ConsecutiveFailures, @Health, @PostsStored, @RequestsMade, @RateLimited)
        ON CONFLICT ("network", "handle") DO UPDATE SET
            "cursor" = excluded."cursor", "backfilled_at" = excluded."backfilled_at", "last_run_at" = excluded."last_run_at",
            "last_success_at" = excluded."last_success_at", "last_error" = excluded."last_error", "last_error_at" = excluded."last_error_at",
            "next_run_at" = excluded."next_run_at", "consecutive_failures" = excluded."consecutive_failures", "health" = excluded."health",
            "posts_stored" = excluded."posts_stored", "requests_made" = excluded."requests_made", "rate_limited" = excluded."rate_limited"
        """;

    public string Network { get; init; } = "";

    public string Handle { get; init; } = "";

    public string? Cursor { get; init; }

    public long? BackfilledAt { get; init; }

    public long? LastRunAt { get; init; }

    public long? LastSuccessAt { get; init; }

    public string? LastError { get; init; }

    public long? LastErrorAt { get; init; }

    public long? NextRunAt { get; init; }

    public int ConsecutiveFailures { get; init; }

    /// <summary>The health in lower case: pending, ok, failing, unavailable or paused.</summary>
    public string Health { get; init; } = "pending";

    public long PostsStored { get; init; }

    public long RequestsMade { get; init; }

    public long RateLimited { get; init; }

    public static StateRow From(CollectorAccountState s) => new()
    {
        Network = s.Network,
        Handle = s.Handle,
        Cursor = s.Cursor,
        BackfilledAt = Micros(s.BackfilledAt),
        LastRunAt = Micros(s.LastRunAt),
        LastSuccessAt = Micros(s.LastSuccessAt),
        LastError = s.LastError,
        LastErrorAt = Micros(s.LastErrorAt),
        NextRunAt = Micros(s.NextRunAt),
        ConsecutiveFailures = s.ConsecutiveFailures,
        Health = s.Health.ToString().ToLowerInvariant(),
        PostsStored = s.PostsStored,
        RequestsMade = s.RequestsMade,
        RateLimited = s.RateLimited,
    };

    public CollectorAccountState ToState() => new(Network, Handle)
    {
        Cursor = Cursor,
        BackfilledAt = Instant(BackfilledAt),
        LastRunAt = Instant(LastRunAt),
        LastSuccessAt = Instant(LastSuccessAt),
        LastError = LastError,
        LastErrorAt = Instant(LastErrorAt),
        NextRunAt = Instant(NextRunAt),
        ConsecutiveFailures = ConsecutiveFailures,
        Health = Enum.TryParse<CollectorHealth>(Health, ignoreCase: true, out var health) ? health : CollectorHealth.Pending,
        PostsStored = PostsStored,
        RequestsMade = RequestsMade,
        RateLimited = RateLimited,
    };

    private static long? Micros(DateTimeOffset? instant) => instant is { } value ? UtcMicros.FromDateTimeOffset(value) : null;

    private static DateTimeOffset? Instant(long? micros) => micros is { } value ? UtcMicros.ToDateTimeOffset(value) : null;
}
