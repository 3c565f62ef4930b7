using System.Text.Json;

namespace Engagement.Collectors.Graph;

/// <summary>What a Graph error code means for the collector (developers.facebook.com, Graph API error handling).</summary>
internal static class GraphErrors
{
    /// <summary>Throttling: the app (4), the user (17), the Page (32), a specific call (613), a business use case (80000-80014).</summary>
    public static bool IsThrottling(GraphError error) =>
        error.Code is 4 or 17 or 32 or 613 || error.Code is >= 80000 and <= 80014;

    /// <summary>Worth retrying after a wait: throttling, the documented temporary codes (1, 2), or <c>is_transient</c>.</summary>
    public static bool IsTransient(GraphError error) => IsThrottling(error) || error.IsTransient || error.Code is 1 or 2;

    /// <summary>The access token is invalid, expired or revoked (190; 102 for an old session key): no request can succeed.</summary>
    public static bool IsTokenError(GraphError error) => error.Code is 190 or 102;

    /// <summary>The error of an answer's body, or null when the body is not a Graph error.</summary>
    public static GraphError? Parse(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, GraphJsonContext.Default.GraphErrorEnvelope)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string Describe(GraphError error)
    {
        var subcode = error.ErrorSubcode is { } sub ? $"/{sub}" : "";
        return $"{error.Type ?? "GraphError"} {error.Code}{subcode}: {error.Message}".TrimEnd(' ', ':');
    }
}
