using System.Text.Json.Serialization;
using Engagement.Domain.Model;

namespace Engagement.Domain.Scoring;

/// <summary>A half-open window [From, To) of UTC dates (methodology.md §2).</summary>
public sealed record ReportWindow
{
    public const int DefaultDays = 30;

    public ReportWindow(DateOnly from, DateOnly to)
    {
        if (from >= to)
        {
            throw new DomainException($"the window must start before it ends: from {from:yyyy-MM-dd} is not before to {to:yyyy-MM-dd}");
        }

        From = from;
        To = to;
    }

    public DateOnly From { get; }

    public DateOnly To { get; }

    [JsonIgnore]
    public int Days => To.DayNumber - From.DayNumber;

    [JsonIgnore]
    public long FromMicros => UtcMicros.StartOf(From);

    [JsonIgnore]
    public long ToMicros => UtcMicros.StartOf(To);

    /// <summary>
    /// A request's window with the defaults of section 2: no <paramref name="to"/> means the UTC day
    /// after <paramref name="latestOwnPost"/> (the latest post authored by the set's accounts), no
    /// <paramref name="from"/> means <see cref="DefaultDays"/> before <c>to</c>.
    /// </summary>
    /// <param name="latestOwnPost">Read only when <paramref name="to"/> is missing.</param>
    public static ReportWindow Resolve(DateOnly? from, DateOnly? to, Func<long?> latestOwnPost)
    {
        ArgumentNullException.ThrowIfNull(latestOwnPost);
        var end = to ?? (latestOwnPost() is { } latest
            ? UtcMicros.DayOf(latest).AddDays(1)
            : throw new DomainException("the report's accounts have no post to default the window to: give from and to"));
        return new ReportWindow(from ?? end.AddDays(-DefaultDays), end);
    }

    public bool Contains(long instant) => instant >= FromMicros && instant < ToMicros;
}
