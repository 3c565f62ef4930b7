namespace Engagement.Service.Deliveries;

/// <summary>
/// How one attempt went: sent, worth retrying (not before <see cref="RetryAfter"/> when the
/// receiver said so), or refused for good.
/// </summary>
public sealed record SendResult(bool Delivered, bool Permanent, int? StatusCode, string? Error, DateTimeOffset? RetryAfter = null)
{
    public static SendResult Ok(int? status = null) => new(true, false, status, null);

    public static SendResult Retry(string error, int? status = null, DateTimeOffset? retryAfter = null) => new(false, false, status, error, retryAfter);

    public static SendResult Refused(string error, int? status = null) => new(false, true, status, error);
}
