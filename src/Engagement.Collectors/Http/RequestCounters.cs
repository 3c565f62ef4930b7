namespace Engagement.Collectors.Http;

/// <summary>HTTP attempts and 429 answers of one account run, for its status.</summary>
public sealed class RequestCounters
{
    private int _requests;
    private int _rateLimited;

    public int Requests => Volatile.Read(ref _requests);

    public int RateLimited => Volatile.Read(ref _rateLimited);

    internal void CountRequest() => Interlocked.Increment(ref _requests);

    internal void CountRateLimited() => Interlocked.Increment(ref _rateLimited);
}

/// <summary>
/// The counters of the account run in progress. An ambient value, because the HTTP handler that
/// counts sits in a shared client pipeline and has no other way to know which account asked.
/// </summary>
internal static class CollectorScope
{
    private static readonly AsyncLocal<RequestCounters?> Ambient = new();

    public static RequestCounters? Current => Ambient.Value;

    /// <summary>Sets the counters for the calling async flow (and the flows it starts).</summary>
    public static void Enter(RequestCounters counters) => Ambient.Value = counters;
}
