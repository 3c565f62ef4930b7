namespace Engagement.Domain.Model;

/// <summary>
/// One post of the model (methodology.md §1). Handles are normalised; the instant is
/// microseconds since 1970-01-01T00:00Z (see <see cref="UtcMicros"/>), because the spec
/// measures response times in microseconds and truncates anything finer.
/// </summary>
public sealed record Post(
    string Network,
    string PostId,
    string Author,
    long CreatedAt,
    string? InReplyToPost,
    string? InReplyToAuthor,
    IReadOnlyList<string> Mentions,
    long Likes,
    long Shares,
    long Quotes,
    long Replies,
    long? Views)
{
    public long Interactions => checked(Likes + Shares + Quotes + Replies);
}
