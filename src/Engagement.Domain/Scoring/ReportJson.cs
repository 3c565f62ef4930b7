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

    /// <summary>
    /// A report number as the reference writes it: a whole number with ".0" (300.0), any other
    /// the shortest text that reads back to the same double, exponent in lower case (1e-05).
    /// The one formatting of doubles, for the serializer and the benchmark document's writer.
    /// </summary>
    public static void WriteNumberValue(Utf8JsonWriter writer, double value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!double.IsFinite(value))
        {
            throw new JsonException($"a report number must be finite, got {value}");
        }

        // The longest is 24 bytes ("-2.2250738585072014E-308"); formatted as UTF-8, no string.
        Span<byte> text = stackalloc byte[32];
        var whole = Math.Abs(value) < 1e16 && value == Math.Floor(value);
        value.TryFormat(text, out var length, whole ? "F1" : "R", CultureInfo.InvariantCulture);
        text = text[..length];
        var exponent = text.IndexOf((byte)'E');
        if (exponent >= 0)
        {
            text[exponent] = (byte)'e';
        }

        writer.WriteRawValue(text, skipInputValidation: true);
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

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) => WriteNumberValue(writer, value);
    }
}
