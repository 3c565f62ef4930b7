using System.Globalization;
using System.Text.Json;

namespace Engagement.Collectors.Graph;

/// <summary>
/// The usage Graph reports in response headers, in percent of the limit: <c>X-App-Usage</c>
/// and <c>X-Page-Usage</c> (<c>{"call_count", "total_time", "total_cputime"}</c>), and
/// <c>X-Business-Use-Case-Usage</c> (<c>{"{object id}": [{"type", "call_count", "total_time",
/// "total_cputime", "estimated_time_to_regain_access"}]}</c>, the wait in minutes).
/// </summary>
internal readonly record struct GraphUsage(double Percent, TimeSpan RegainAccessIn)
{
    public static readonly string[] Headers = ["X-App-Usage", "X-Page-Usage", "X-Business-Use-Case-Usage"];

    private static readonly string[] Measures = ["call_count", "total_time", "total_cputime"];

    /// <summary>The highest usage any header reports, and the longest wait; null when none is sent (or none parses).</summary>
    public static GraphUsage? Read(HttpResponseMessage response)
    {
        GraphUsage? worst = null;
        foreach (var name in Headers)
        {
            if (!response.Headers.TryGetValues(name, out var values))
            {
                continue;
            }

            foreach (var value in values)
            {
                foreach (var usage in Parse(value))
                {
                    worst = worst is { } w ? new GraphUsage(Math.Max(w.Percent, usage.Percent), Max(w.RegainAccessIn, usage.RegainAccessIn)) : usage;
                }
            }
        }

        return worst;
    }

    /// <summary>Each usage object in a header value; a value that is not the documented JSON yields nothing.</summary>
    internal static IReadOnlyList<GraphUsage> Parse(string value)
    {
        try
        {
            using var document = JsonDocument.Parse(value);
            var found = new List<GraphUsage>();
            Collect(document.RootElement, found, depth: 0);
            return found;
        }
        catch (JsonException)
        {
            // A malformed header says nothing; the error codes still stop us when the limit is reached.
            return [];
        }
    }

    private static void Collect(JsonElement element, List<GraphUsage> found, int depth)
    {
        if (depth > 3)
        {
            return;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object when Measures.Any(m => element.TryGetProperty(m, out _)):
                var percent = Measures.Select(m => Number(element, m)).Max();
                var regain = TimeSpan.FromMinutes(Math.Clamp(Number(element, "estimated_time_to_regain_access"), 0, 7 * 24 * 60));
                found.Add(new GraphUsage(percent, regain));
                break;
            case JsonValueKind.Object:
                // X-Business-Use-Case-Usage: one array of usage objects per business object id.
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, found, depth + 1);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, found, depth + 1);
                }

                break;
        }
    }

    private static double Number(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return 0;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetDouble(out var number) && double.IsFinite(number) => Math.Max(0, number),
            JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) => Math.Max(0, number),
            _ => 0,
        };
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
