using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Engagement.Domain.Scoring;

/// <summary>
/// JSON options for reports: camelCase names, enums as lower-case words, dates as YYYY-MM-DD,
/// and doubles written the way the reference writes them (300.0, 1e-05), so that a report
/// diffs cleanly against the spec's expected files.
/// </summary>
public static class ReportJson
{
    public static JsonSerializerOptions Options { get; } = Create(indented: true);

    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    public static string Serialize<T>(T document) => JsonSerializer.Serialize(document, Options);

    /// <summary>Applies the report conventions to options owned by someone else (e.g. ASP.NET Core's).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new ReferenceStyleDoubleConverter());
    }

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions { WriteIndented = indented };
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private sealed class ReferenceStyleDoubleConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (!double.IsFinite(value))
            {
                throw new JsonException($"a report number must be finite, got {value}");
            }

            var text = Math.Abs(value) < 1e16 && value == Math.Floor(value)
                ? value.ToString("F1", CultureInfo.InvariantCulture)
                : value.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');
            writer.WriteRawValue(text, skipInputValidation: true);
        }
    }
}
