using CsCheck;
using Engagement.Data.Csv;
using Engagement.Domain.Model;

namespace Engagement.Data.Tests.Csv;

public sealed class CanonicalFormatsTests
{
    [TestCase("2024-03-05T14:03:00Z", "2024-03-05T14:03:00Z")]
    [TestCase("2024-03-05T16:03:00+02:00", "2024-03-05T14:03:00Z")]
    [TestCase("2024-03-05T16:03:00+0200", "2024-03-05T14:03:00Z")]
    [TestCase("2024-03-05T16:03:00+02", "2024-03-05T14:03:00Z")]
    [TestCase("2024-05-08T01:00:00+03:00", "2024-05-07T22:00:00Z")]
    [TestCase("2024-04-30T23:30:00-01:00", "2024-05-01T00:30:00Z")]
    [TestCase("2024-05-15T02:00:00+02:00", "2024-05-15T00:00:00Z")]
    [TestCase("2024-03-05T14:03:00.5Z", "2024-03-05T14:03:00.5Z")]
    [TestCase("2024-05-14T23:59:59.999999Z", "2024-05-14T23:59:59.999999Z")]
    [TestCase("2024-05-14T23:59:59.9999999999Z", "2024-05-14T23:59:59.999999Z")]
    [TestCase("2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z")]
    [TestCase("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z")]
    [TestCase("1969-12-31T23:59:59.5Z", "1969-12-31T23:59:59.5Z")]
    public void TryParseInstant_valid_form_gives_utc_microseconds(string text, string expectedUtc)
    {
        var parsed = CanonicalFormats.TryParseInstant(text, out var micros, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(parsed, Is.True);
            Assert.That(error, Is.Null);
            Assert.That(CanonicalFormats.FormatInstant(micros), Is.EqualTo(expectedUtc));
        });
    }

    [Test]
    public void TryParseInstant_epoch_plus_one_microsecond_is_one()
    {
        CanonicalFormats.TryParseInstant("1970-01-01T00:00:00.000001Z", out var micros, out _);

        Assert.That(micros, Is.EqualTo(1));
    }

    // Issue 16: the UTC form is read without the pattern. Any text, near that form or not, must read
    // exactly as the pattern reads it: the same verdict, value and message.
    [Test]
    public void TryParseInstant_reads_every_text_as_the_full_pattern_does()
    {
        var near = Gen.Select(
            Gen.OneOf(Gen.Const("2024-02-29T23:59:59.123456789Z"), Gen.Const("0000-13-32T24:60:60Z"), Gen.Const("1970-01-01T00:00:00Z"),
                Gen.Const("2023-02-29T12:00:00.5Z"), Gen.Const("9999-12-31T23:59:59.999999Z"), Gen.Const("2024-03-05T16:03:00+02:00")),
            Gen.Select(Gen.Int[0, 32], Gen.OneOf("0123456789-:T.Z+z \n５".ToCharArray())).Array[0, 3],
            Gen.Int[0, 3]).Select((text, edits, cut) =>
            {
                var chars = text.ToList();
                foreach (var (at, c) in edits)
                {
                    if (at < chars.Count)
                    {
                        chars[at] = c;
                    }
                    else
                    {
                        chars.Add(c);
                    }
                }

                return new string([.. chars.Take(chars.Count - (cut == 3 ? 1 : 0))]);
            });

        near.Sample(text =>
        {
            var fast = CanonicalFormats.TryParseInstant(text, out var micros, out var error);
            var full = CanonicalFormats.TryParseInstantByPattern(text, out var expectedMicros, out var expectedError);
            return fast == full && micros == expectedMicros && error == expectedError;
        }, iter: 20_000);
    }

    [TestCase("2024-03-05T14:03:00z")]
    [TestCase("2024-03-05t14:03:00Z")]
    [TestCase("2024-03-04 09:00:00")]
    [TestCase("2024-03-04 09:00:00Z")]
    [TestCase("2024-03-06T09:00:00")]
    [TestCase("2024-03-05T24:00:00Z")]
    [TestCase("2024-03-05T14:03Z")]
    [TestCase("2024-03-05T14:03:60Z")]
    [TestCase("2024-03-05T14:03:00,5Z")]
    [TestCase("2024-03-05T14:03:00.Z")]
    [TestCase("2024-03-05T14:03:00+2:00")]
    [TestCase("2024-03-05T14:03:00+02:")]
    [TestCase("2024-03-05T14:03:00+24:00")]
    [TestCase("2024-03-05T14:03:00+02:60")]
    [TestCase("2024-3-05T14:03:00Z")]
    [TestCase(" 2024-03-05T14:03:00Z")]
    [TestCase("2024-03-05T14:03:00Z\n")]
    [TestCase("２０２４-03-05T14:03:00Z")]
    [TestCase("")]
    public void TryParseInstant_other_form_is_rejected_as_not_an_instant(string text)
    {
        var parsed = CanonicalFormats.TryParseInstant(text, out _, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(parsed, Is.False);
            Assert.That(error, Is.EqualTo(CanonicalFormats.InstantFormatError));
        });
    }

    [TestCase("2024-02-30T12:00:00Z", "invalid calendar date (day is out of range for month)")]
    [TestCase("2023-02-29T12:00:00Z", "invalid calendar date (day is out of range for month)")]
    [TestCase("2024-04-31T12:00:00Z", "invalid calendar date (day is out of range for month)")]
    [TestCase("2024-04-00T12:00:00Z", "invalid calendar date (day is out of range for month)")]
    [TestCase("2024-13-01T12:00:00Z", "invalid calendar date (month must be in 1..12)")]
    [TestCase("0000-01-01T12:00:00Z", "invalid calendar date (year 0 is out of range)")]
    public void TryParseInstant_impossible_date_is_rejected_as_calendar_error(string text, string expected)
    {
        var parsed = CanonicalFormats.TryParseInstant(text, out _, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(parsed, Is.False);
            Assert.That(error, Is.EqualTo(expected));
        });
    }

    [TestCase("2024-05-08", 2024, 5, 8)]
    [TestCase("2024-02-29", 2024, 2, 29)]
    public void TryParseDate_valid_date_is_parsed(string text, int year, int month, int day)
    {
        Assert.That(CanonicalFormats.TryParseDate(text, out var date, out _), Is.True);
        Assert.That(date, Is.EqualTo(new DateOnly(year, month, day)));
    }

    [TestCase("2024-13-01", "invalid calendar date (month must be in 1..12)")]
    [TestCase("2023-02-29", "invalid calendar date (day is out of range for month)")]
    [TestCase("2024-5-8", "not a date YYYY-MM-DD")]
    [TestCase("2024-05-08T00:00:00Z", "not a date YYYY-MM-DD")]
    [TestCase("08/05/2024", "not a date YYYY-MM-DD")]
    public void TryParseDate_invalid_text_gives_reason(string text, string expected)
    {
        Assert.That(CanonicalFormats.TryParseDate(text, out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(expected));
    }

    [TestCase("0", 0L)]
    [TestCase("12", 12L)]
    [TestCase("007", 7L)]
    [TestCase("-0", 0L)]
    [TestCase("9223372036854775807", long.MaxValue)]
    [TestCase("00009223372036854775807", long.MaxValue)]
    public void TryParseCount_ascii_digits_are_parsed(string text, long expected)
    {
        Assert.That(CanonicalFormats.TryParseCount(text, out var value, out var error), Is.True);
        Assert.That(value, Is.EqualTo(expected));
        Assert.That(error, Is.Null);
    }

    [TestCase("12.5", "not an integer: '12.5'")]
    [TestCase("1.5e3", "not an integer: '1.5e3'")]
    [TestCase(" 5", "not an integer: ' 5'")]
    [TestCase("5 ", "not an integer: '5 '")]
    [TestCase("+5", "not an integer: '+5'")]
    [TestCase("-", "not an integer: '-'")]
    [TestCase("--5", "not an integer: '--5'")]
    [TestCase("1_000", "not an integer: '1_000'")]
    [TestCase("١٢", "not an integer: '١٢'")]
    [TestCase("-5", "must be >= 0, got -5")]
    [TestCase("-20", "must be >= 0, got -20")]
    [TestCase("-0020", "must be >= 0, got -20")]
    [TestCase("-99999999999999999999", "must be >= 0, got -99999999999999999999")]
    [TestCase("9223372036854775808", "out of range (> 2^63-1): 9223372036854775808")]
    [TestCase("99999999999999999999999", "out of range (> 2^63-1): 99999999999999999999999")]
    public void TryParseCount_invalid_text_gives_reason(string text, string expected)
    {
        Assert.That(CanonicalFormats.TryParseCount(text, out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(expected));
    }

    [TestCase("acme", true)]
    [TestCase("a-b_c9", true)]
    [TestCase("x", true)]
    [TestCase("", false)]
    [TestCase("Acme", false)]
    [TestCase("acme co", false)]
    [TestCase("acme.co", false)]
    [TestCase("ácme", false)]
    public void IsId_checks_charset(string text, bool expected)
    {
        Assert.That(CanonicalFormats.IsId(text), Is.EqualTo(expected));
    }

    [Test]
    public void IsId_allows_64_chars_not_65()
    {
        Assert.That(CanonicalFormats.IsId(new string('a', 64)), Is.True);
        Assert.That(CanonicalFormats.IsId(new string('a', 65)), Is.False);
    }

    [TestCase(0L, "1970-01-01T00:00:00Z")]
    [TestCase(1_500_000L, "1970-01-01T00:00:01.5Z")]
    [TestCase(123L, "1970-01-01T00:00:00.000123Z")]
    [TestCase(-1L, "1969-12-31T23:59:59.999999Z")]
    public void FormatInstant_writes_utc_with_fraction_only_when_needed(long micros, string expected)
    {
        Assert.That(CanonicalFormats.FormatInstant(micros), Is.EqualTo(expected));
    }

    [Test]
    public void FormatInstant_round_trips_through_TryParseInstant()
    {
        var micros = UtcMicros.FromDateTimeOffset(new DateTimeOffset(2024, 5, 14, 23, 59, 59, TimeSpan.Zero)) + 999_999;

        CanonicalFormats.TryParseInstant(CanonicalFormats.FormatInstant(micros), out var parsed, out _);

        Assert.That(parsed, Is.EqualTo(micros));
    }
}
