using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Engagement.Collectors.Graph;

/// <summary>A Graph API list: items in <c>data</c>, the next page in <c>paging.next</c> or <c>paging.cursors.after</c>.</summary>
public sealed class GraphList<T>
{
    public IReadOnlyList<T>? Data { get; init; }

    public GraphPaging? Paging { get; init; }
}

public sealed class GraphPaging
{
    /// <summary>The whole URL of the next page (the server's host and version; the client rebases it).</summary>
    public string? Next { get; init; }

    public GraphCursors? Cursors { get; init; }
}

public sealed class GraphCursors
{
    public string? Before { get; init; }

    public string? After { get; init; }
}

/// <summary>An edge asked for with <c>.limit(0).summary(...)</c>: only its summary.</summary>
public sealed class GraphSummaryEdge
{
    public GraphSummary? Summary { get; init; }
}

public sealed class GraphSummary
{
    public long? TotalCount { get; init; }
}

/// <summary>A reference to another node, e.g. <c>from{id}</c> or <c>parent{id}</c>.</summary>
public sealed class GraphRef
{
    public string? Id { get; init; }
}

/// <summary><c>{"error": {"message", "type", "code", "error_subcode", "is_transient", "fbtrace_id"}}</c>.</summary>
public sealed class GraphErrorEnvelope
{
    public GraphError? Error { get; init; }
}

public sealed class GraphError
{
    public string? Message { get; init; }

    public string? Type { get; init; }

    public int Code { get; init; }

    public int? ErrorSubcode { get; init; }

    public bool IsTransient { get; init; }

    public string? ErrorUserMsg { get; init; }

    public string? FbtraceId { get; init; }
}

/// <summary>
/// Graph instants: ISO 8601 with the offset written without a colon (<c>2026-11-03T10:15:30+0000</c>);
/// a colon offset, <c>Z</c> and fractional seconds are read too, to the precision served.
/// </summary>
public sealed class GraphTimeConverter : JsonConverter<DateTimeOffset>
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:sszzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mm:ss'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
    ];

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && Parse(reader.GetString()) is { } instant
            ? instant
            : throw new JsonException($"not a Graph API timestamp: {(reader.TokenType == JsonTokenType.String ? reader.GetString() : reader.TokenType.ToString())}");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss+0000", CultureInfo.InvariantCulture));

    /// <summary>The instant, or null when the text is not one of the documented shapes.</summary>
    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        // "+0000" -> "+00:00": .NET's zzz wants the colon.
        if (text.Length > 5 && text[^5] is '+' or '-' && text[^4..].All(char.IsAsciiDigit))
        {
            text = string.Concat(text.AsSpan(0, text.Length - 2), ":", text.AsSpan(text.Length - 2));
        }

        return DateTimeOffset.TryParseExact(
            text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant
            : null;
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(GraphErrorEnvelope))]
internal sealed partial class GraphJsonContext : JsonSerializerContext;
