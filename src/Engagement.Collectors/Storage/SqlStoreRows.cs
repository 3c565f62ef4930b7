using System.Text.Json;
using System.Text.Json.Serialization;
using Engagement.Domain.Model;

namespace Engagement.Collectors.Storage;

/// <summary>A post as the posts table holds it.</summary>
internal sealed record PostRow(
    string Network, string PostId, string Author, long CreatedAt, string? InReplyToPost, string? InReplyToAuthor,
    string? Mentions, long Likes, long Shares, long Quotes, long Replies, long? Views)
{
    public static PostRow From(Post p) => new(
        p.Network, p.PostId, p.Author, p.CreatedAt, p.InReplyToPost, p.InReplyToAuthor,
        JoinMentions(p.Mentions), p.Likes, p.Shares, p.Quotes, p.Replies, p.Views);

    /// <summary>The importer's convention: handles joined by ';', null when there is none.</summary>
    public static string? JoinMentions(IReadOnlyList<string> mentions) =>
        mentions.Count == 0 ? null : string.Join(';', mentions.Distinct(StringComparer.Ordinal));
}

/// <summary>
/// A collector_state row. The table has columns for the cursor, last run, last error and next
/// run only; the rest of <see cref="CollectorAccountState"/> (last success, failure streak, health,
/// counters) travels as a JSON document in "cursor" until the schema grows columns for it.
/// </summary>
internal sealed class StateRow
{
    public string Network { get; init; } = "";

    public string Handle { get; init; } = "";

    public string? Cursor { get; init; }

    public long? LastRunAt { get; init; }

    public string? LastError { get; init; }

    public long? NextRunAt { get; init; }

    public static StateRow From(CollectorAccountState s) => new()
    {
        Network = s.Network,
        Handle = s.Handle,
        Cursor = JsonSerializer.Serialize(
            new StateDocument(
                s.Cursor, Micros(s.BackfilledAt), Micros(s.LastSuccessAt), Micros(s.LastErrorAt),
                s.ConsecutiveFailures, s.Health, s.PostsStored, s.RequestsMade, s.RateLimited),
            StateJsonContext.Default.StateDocument),
        LastRunAt = Micros(s.LastRunAt),
        LastError = s.LastError,
        NextRunAt = Micros(s.NextRunAt),
    };

    public CollectorAccountState ToState()
    {
        var document = Parse(Cursor);
        return new CollectorAccountState(Network, Handle)
        {
            // A plain cursor (written by another tool) is still a cursor.
            Cursor = document is null ? Cursor : document.Cursor,
            BackfilledAt = Instant(document?.BackfilledAt),
            LastRunAt = Instant(LastRunAt),
            LastSuccessAt = Instant(document?.LastSuccessAt),
            LastError = LastError,
            LastErrorAt = Instant(document?.LastErrorAt),
            NextRunAt = Instant(NextRunAt),
            ConsecutiveFailures = document?.Failures ?? 0,
            Health = document?.Health ?? CollectorHealth.Pending,
            PostsStored = document?.PostsStored ?? 0,
            RequestsMade = document?.Requests ?? 0,
            RateLimited = document?.RateLimited ?? 0,
        };
    }

    private static StateDocument? Parse(string? cursor)
    {
        if (cursor is null || !cursor.StartsWith('{'))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(cursor, StateJsonContext.Default.StateDocument);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static long? Micros(DateTimeOffset? instant) => instant is { } value ? UtcMicros.FromDateTimeOffset(value) : null;

    private static DateTimeOffset? Instant(long? micros) => micros is { } value ? UtcMicros.ToDateTimeOffset(value) : null;
}

internal sealed record StateDocument(
    string? Cursor,
    long? BackfilledAt,
    long? LastSuccessAt,
    long? LastErrorAt,
    int Failures,
    CollectorHealth Health,
    long PostsStored,
    long Requests,
    long RateLimited);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(StateDocument))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
