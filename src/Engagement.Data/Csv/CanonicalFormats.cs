using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;
using Engagement.Domain.Model;

namespace Engagement.Data.Csv;

/// <summary>
/// The value formats of docs/data-format.md, with the reference implementation's reading of them
/// (its SPEC-AMBIGUITY choices) and its messages, so both report the same reasons.
/// </summary>
public static partial class CanonicalFormats
{
    public const string InstantFormatError =
        "not an ISO 8601 instant with Z or an offset (expected e.g. 2024-03-05T14:03:00Z or 2024-03-05T16:03:00+02:00)";

    public const string DateFormatError = "not a date YYYY-MM-DD";

    private const int MaxIdLength = 64;

    private static readonly SearchValues<char> AsciiDigits = SearchValues.Create("0123456789");

    private static readonly SearchValues<char> IdChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789_-");

    // Upper-case T and Z, seconds required, '.' as decimal sign, any number of fraction digits;
    // the offset is Z, +HH:MM, +HHMM or +HH (or '-'). \z, not $, so a trailing newline fails.
    [GeneratedRegex(
        @"\A([0-9]{4})-([0-9]{2})-([0-9]{2})T([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9])(?:\.([0-9]+))?(Z|([+-])([01][0-9]|2[0-3])(?::?([0-5][0-9]))?)\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex InstantPattern();

    [GeneratedRegex(@"\A([0-9]{4})-([0-9]{2})-([0-9]{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    /// <summary>Parses an instant into microseconds since the epoch (UTC); digits beyond microseconds are dropped.</summary>
    public static bool TryParseInstant(string text, out long micros, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TryParseUtcInstant(text, out micros, out error) is { } parsed)
        {
            return parsed;
        }

        return TryParseInstantByPattern(text, out micros, out error);
    }

    /// <summary>The full grammar, by <see cref="InstantPattern"/>: offsets, and the messages of every rejection.</summary>
    internal static bool TryParseInstantByPattern(string text, out long micros, out string? error)
    {
        micros = 0;
        var match = InstantPattern().Match(text);
        if (!match.Success)
        {
            error = InstantFormatError;
            return false;
        }

        if (!TryMakeDate(match, out var day, out error))
        {
            return false;
        }

        var g = match.Groups;
        var secondOfDay = (((Number(g[4]) * 60) + Number(g[5])) * 60) + Number(g[6]);
        var fraction = g[7].Value;
        var micro = fraction.Length == 0 ? 0 : int.Parse(fraction.PadRight(6, '0').AsSpan(0, 6), CultureInfo.InvariantCulture);
        long offsetMinutes = 0;
        if (g[8].Value != "Z")
        {
            var sign = g[9].Value == "+" ? 1 : -1;
            offsetMinutes = sign * ((Number(g[10]) * 60) + (g[11].Success ? Number(g[11]) : 0));
        }

        micros = UtcMicros.StartOf(day) + (secondOfDay * UtcMicros.PerSecond) + micro - (offsetMinutes * UtcMicros.PerMinute);
        return true;
    }

    // The form every export and collector writes, 2024-03-05T14:03:00[.fraction]Z, read without the
    // pattern (a Match and its groups per row were a tenth of an import's parsing, issue 16). Null
    // when the text is not in exactly that form: the pattern then decides, as it always did.
    private static bool? TryParseUtcInstant(string text, out long micros, out string? error)
    {
        micros = 0;
        error = null;
        var t = text.AsSpan();
        if (t.Length < 20 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':' || t[^1] != 'Z'
            || !Digits(t, 0, 4, out var year) || !Digits(t, 5, 2, out var month) || !Digits(t, 8, 2, out var dayOfMonth)
            || !Digits(t, 11, 2, out var hour) || !Digits(t, 14, 2, out var minute) || !Digits(t, 17, 2, out var second)
            || hour > 23 || minute > 59 || second > 59)
        {
            return null;
        }

        var micro = 0;
        if (t.Length > 20)
        {
            var fraction = t[20..^1];
            if (t[19] != '.' || fraction.Length == 0 || fraction.ContainsAnyExcept(AsciiDigits))
            {
                return null;
            }

            for (var i = 0; i < 6; i++)
            {
                micro = (micro * 10) + (i < fraction.Length ? fraction[i] - '0' : 0);
            }
        }

        if (!TryMakeDate(year, month, dayOfMonth, out var day, out error))
        {
            return false;
        }

        micros = UtcMicros.StartOf(day) + ((((hour * 60L) + minute) * 60L) + second) * UtcMicros.PerSecond + micro;
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> text, int start, int count, out int value)
    {
        value = 0;
        foreach (var c in text.Slice(start, count))
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>Parses a YYYY-MM-DD calendar date.</summary>
    public static bool TryParseDate(string text, out DateOnly date, out string? error)
    {
        var match = DatePattern().Match(text);
        if (!match.Success)
        {
            date = default;
            error = DateFormatError;
            return false;
        }

        return TryMakeDate(match, out date, out error);
    }

    /// <summary>
    /// Parses a count: ASCII digits only, at most 2^63-1. A leading '-' is recognised only so that
    /// the message can say the value is negative rather than "not an integer".
    /// </summary>
    public static bool TryParseCount(string text, out long value, out string? error)
    {
        value = 0;
        var negative = text.StartsWith('-');
        var digits = negative ? text.AsSpan(1) : text.AsSpan();
        if (digits.IsEmpty || digits.ContainsAnyExcept(AsciiDigits))
        {
            error = $"not an integer: '{text}'";
            return false;
        }

        // "-0" is zero, as the reference's int() reads it.
        var significant = digits.TrimStart('0');
        error = significant.IsEmpty ? null
            : negative ? $"must be >= 0, got -{significant}"
            : !long.TryParse(significant, NumberStyles.None, CultureInfo.InvariantCulture, out value) ? $"out of range (> 2^63-1): {text}"
            : null;
        return error is null;
    }

    /// <summary>A brand, industry or network id: 1-64 chars of a-z 0-9 - _.</summary>
    public static bool IsId(string text) =>
        text.Length is > 0 and <= MaxIdLength && !text.AsSpan().ContainsAnyExcept(IdChars);

    /// <summary>yyyy-MM-ddTHH:mm:ss[.ffffff]Z, the fraction only when non-zero and without trailing zeros.</summary>
    public static string FormatInstant(long micros)
    {
        var instant = UtcMicros.ToDateTimeOffset(micros);
        var text = instant.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var micro = instant.Ticks % TimeSpan.TicksPerSecond / TimeSpan.TicksPerMicrosecond;
        return micro == 0
            ? text + "Z"
            : $"{text}.{micro.ToString("D6", CultureInfo.InvariantCulture).TrimEnd('0')}Z";
    }

    public static string FormatDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static int Number(Group group) => int.Parse(group.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);

    // Same checks, order and wording as Python's date(), which the reference relies on.
    private static bool TryMakeDate(Match match, out DateOnly date, out string? error) =>
        TryMakeDate(Number(match.Groups[1]), Number(match.Groups[2]), Number(match.Groups[3]), out date, out error);

    private static bool TryMakeDate(int year, int month, int day, out DateOnly date, out string? error)
    {
        date = default;
        error = year < 1 ? $"invalid calendar date (year {year} is out of range)"
            : month is < 1 or > 12 ? "invalid calendar date (month must be in 1..12)"
            : day < 1 || day > DateTime.DaysInMonth(year, month) ? "invalid calendar date (day is out of range for month)"
            : null;
        if (error is not null)
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }
}
