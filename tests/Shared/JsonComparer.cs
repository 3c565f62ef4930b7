using System.Text.Json;

namespace Engagement.Tests.Shared;

/// <summary>
/// Compares two JSON documents the way spec/vectors/README.md says: same keys in the same
/// order, same array order, strings/booleans/nulls/integers equal, and floating-point numbers
/// within |a - b| &lt;= 1e-9 * max(|a|, |b|, 1).
/// </summary>
internal static class JsonComparer
{
    public static List<string> Differences(JsonElement expected, JsonElement actual, string path = "$")
    {
        var differences = new List<string>();
        Compare(expected, actual, path, differences);
        return differences;
    }

    private static void Compare(JsonElement expected, JsonElement actual, string path, List<string> differences)
    {
        if (differences.Count > 20)
        {
            return;
        }

        if (expected.ValueKind == JsonValueKind.Number && actual.ValueKind == JsonValueKind.Number)
        {
            CompareNumbers(expected, actual, path, differences);
            return;
        }

        if (expected.ValueKind != actual.ValueKind)
        {
            differences.Add($"{path}: expected {Describe(expected)}, got {Describe(actual)}");
            return;
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedNames = expected.EnumerateObject().Select(p => p.Name).ToList();
                var actualNames = actual.EnumerateObject().Select(p => p.Name).ToList();
                if (!expectedNames.SequenceEqual(actualNames))
                {
                    differences.Add($"{path}: keys [{string.Join(", ", expectedNames)}] expected, got [{string.Join(", ", actualNames)}]");
                    return;
                }

                foreach (var property in expected.EnumerateObject())
                {
                    Compare(property.Value, actual.GetProperty(property.Name), $"{path}.{property.Name}", differences);
                }

                break;
            case JsonValueKind.Array:
                if (expected.GetArrayLength() != actual.GetArrayLength())
                {
                    differences.Add($"{path}: {expected.GetArrayLength()} items expected, got {actual.GetArrayLength()}");
                    return;
                }

                for (int i = 0; i < expected.GetArrayLength(); i++)
                {
                    Compare(expected[i], actual[i], $"{path}[{i}]", differences);
                }

                break;
            case JsonValueKind.String:
                if (expected.GetString() != actual.GetString())
                {
                    differences.Add($"{path}: expected \"{expected.GetString()}\", got \"{actual.GetString()}\"");
                }

                break;
        }
    }

    private static void CompareNumbers(JsonElement expected, JsonElement actual, string path, List<string> differences)
    {
        var expectedIsInteger = expected.TryGetInt64(out var expectedInteger) && !expected.GetRawText().Contains('.', StringComparison.Ordinal);
        if (expectedIsInteger)
        {
            // Counts, followers, reach and ranks are integers and must be equal.
            if (!actual.TryGetInt64(out var actualInteger) || actualInteger != expectedInteger || actual.GetRawText().Contains('.', StringComparison.Ordinal))
            {
                differences.Add($"{path}: expected integer {expectedInteger}, got {actual.GetRawText()}");
            }

            return;
        }

        double a = expected.GetDouble(), b = actual.GetDouble();
        if (Math.Abs(a - b) > 1e-9 * Math.Max(Math.Max(Math.Abs(a), Math.Abs(b)), 1))
        {
            differences.Add($"{path}: expected {a:R}, got {b:R}");
        }
    }

    private static string Describe(JsonElement element) =>
        element.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? element.ValueKind.ToString() : element.GetRawText();
}
