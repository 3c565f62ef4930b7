using System.Text.Json;

namespace Engagement.Collectors.YouTube;

/// <summary>The error body of the Google APIs: <c>{"error": {"code", "message", "errors": [{"reason"}]}}</c>.</summary>
internal static class YouTubeErrors
{
    public sealed record Details(string? Message, IReadOnlyList<string> Reasons);

    public static async Task<Details> ReadAsync(HttpResponseMessage response, CancellationToken ct) =>
        Parse(await response.Content.ReadAsStringAsync(ct));

    public static Details Parse(string body)
    {
        try
        {
            var error = JsonSerializer.Deserialize(body, YouTubeJsonContext.Default.YouTubeErrorEnvelope)?.Error;
            var reasons = (error?.Errors ?? []).Concat(error?.Details ?? []).Select(e => e.Reason).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            return new Details(error?.Message, reasons);
        }
        catch (JsonException)
        {
            return new Details(null, []);
        }
    }
}
