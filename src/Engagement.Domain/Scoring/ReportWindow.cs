using System.Text.Json.Serialization;
using Engagement.Domain.Model;

namespace Engagement.Domain.Scoring;

/// <summary>A half-open window [From, To) of UTC dates (scoring.md section 2).</summary>
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

    public bool Contains(long instant) => instant >= FromMicros && instant < ToMicros;
}
