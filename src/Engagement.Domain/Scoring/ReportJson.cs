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

        // The longest is 24 bytes ("-2.2250738585072014e-308"); formatted as UTF-8, no string.
        Span<byte> text = stackalloc byte[32];
        writer.WriteRawValue(text[..Format(value, text)], skipInputValidation: true);
    }

    /// <summary>The text of a finite report number, into at least 32 bytes; returns its length.</summary>
    internal static int Format(double value, Span<byte> text) =>
        Math.Abs(value) < 1e16 && value == Math.Floor(value) ? Whole(value, text) : ShortestDouble.Format(value, text);

    /// <summary>
    /// The runtime's "F1" of a whole double under 10^16 (exact as a long): its digits and ".0", "-0.0" for
    /// negative zero. The text of both formats is pinned against the runtime's by ShortestDoubleTests.
    /// </summary>
    private static int Whole(double value, Span<byte> text)
    {
        var length = 0;
        if (value == 0 && double.IsNegative(value))
        {
            text[length++] = (byte)'-';
        }

        ((long)value).TryFormat(text[length..], out var digits, default, CultureInfo.InvariantCulture);
        length += digits;
        text[length++] = (byte)'.';
        text[length++] = (byte)'0';
        return length;
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
