using System.Text.Json;
using System.Text.RegularExpressions;
using Engagement.Service.Api;

namespace Engagement.Service.Hosting;

/// <summary>
/// Says what was wrong with a parameter or body the framework could not bind, in the API's words:
/// the parameter's name as the client sends it and the shape expected, never a .NET type name.
/// </summary>
internal static partial class BindingErrors
{
    /// <summary>The parameter and message of a binding failure, or null when it is no binding failure.</summary>
    public static ApiParameterException? Explain(BadHttpRequestException error, HttpRequest request)
    {
        if (error.InnerException is JsonException json)
        {
            return Body(json);
        }

        if (FailedToBind().Match(error.Message) is { Success: true } bind)
        {
            var name = Name(bind.Groups["name"].Value);
            var value = bind.Groups["value"].Value;
            return new ApiParameterException(name, $"{name}: '{value}' is not {Expected(bind.Groups["type"].Value)}");
        }

        if (Required().Match(error.Message) is { Success: true } required)
        {
            var from = required.Groups["source"].Value;
            if (from.Contains("body", StringComparison.Ordinal))
            {
                return new ApiParameterException("body", "a JSON body is required");
            }

            var name = Name(required.Groups["name"].Value);
            return new ApiParameterException(name, $"{name} is required");
        }

        if (error.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal) || request.ContentLength == 0)
        {
            return new ApiParameterException("body", "a JSON body is required");
        }

        return null;
    }

    private static ApiParameterException Body(JsonException json)
    {
        if (Unmapped().Match(json.Message) is { Success: true } unmapped)
        {
            var field = Field(json.Path, unmapped.Groups["name"].Value);
            return new ApiParameterException(field, $"unknown field '{field}' in the body: see the request schema in /openapi/v1.json");
        }

        if (json.Path is { Length: > 1 } path && Converted().IsMatch(json.Message))
        {
            // The message names the .NET type being read (often the whole request record), so say nothing of it.
            var field = Field(path, null);
            return new ApiParameterException(field, $"body field '{field}' has the wrong JSON type: see the request schema in /openapi/v1.json");
        }

        return new ApiParameterException(
            "body", $"malformed JSON body: line {(json.LineNumber ?? 0) + 1}, byte {(json.BytePositionInLine ?? 0) + 1} (at {json.Path ?? "$"})");
    }

    /// <summary>A body field as a client names it: <c>$.brands[0]</c> is <c>brands[0]</c>.</summary>
    private static string Field(string? path, string? child)
    {
        var parent = path is null or "$" ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return child is null || parent.EndsWith(child, StringComparison.Ordinal) ? parent : parent.Length == 0 ? child : $"{parent}.{child}";
    }

    private static string Name(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);

    private static string Expected(string type) => type.Replace("System.", "", StringComparison.Ordinal) switch
    {
        var t when t.Contains("Int", StringComparison.Ordinal) || t.Contains("int", StringComparison.Ordinal) || t.Contains("long", StringComparison.Ordinal) => "an integer",
        var t when t.Contains("Double", StringComparison.Ordinal) || t.Contains("double", StringComparison.Ordinal) || t.Contains("Decimal", StringComparison.Ordinal) => "a number",
        var t when t.Contains("Bool", StringComparison.Ordinal) || t.Contains("bool", StringComparison.Ordinal) => "true or false",
        var t when t.Contains("DateOnly", StringComparison.Ordinal) => "a date YYYY-MM-DD",
        var t when t.Contains("String", StringComparison.Ordinal) || t.Contains("string", StringComparison.Ordinal) => "a string",
        var t when t.Contains("List", StringComparison.Ordinal) || t.Contains("[]", StringComparison.Ordinal) => "an array",
        _ => "of the type the request schema gives",
    };

    [GeneratedRegex("""^Failed to bind parameter "(?<type>.+) (?<name>\w+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex FailedToBind();

    [GeneratedRegex("""^Required parameter "(?<type>.+) (?<name>\w+)" was not provided from (?<source>.+)\.$""")]
    private static partial Regex Required();

    [GeneratedRegex("""^The JSON property '(?<name>.+)' could not be mapped""")]
    private static partial Regex Unmapped();

    [GeneratedRegex("""could not be converted to (?<type>[^.\s]+(\.[^.\s]+)*)""")]
    private static partial Regex Converted();
}
