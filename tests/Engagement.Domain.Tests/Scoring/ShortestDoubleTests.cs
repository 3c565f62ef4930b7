using System.Globalization;
using System.Text;
using Engagement.Domain.Scoring;

namespace Engagement.Domain.Tests.Scoring;

/// <summary>
/// The report's own double formatting against the runtime's ("F1" for whole numbers under 10^16,
/// "R" otherwise, "E" lowered), byte for byte, over every magnitude: random bit patterns, the
/// ratios and scores a benchmark document is made of, and the edges where the layout or Ryū's
/// exact cases change (powers of ten and two, their neighbours, subnormals, large integers).
/// </summary>
public sealed class ShortestDoubleTests
{
    [Test]
    public void Random_bit_patterns_of_every_magnitude_format_as_the_runtime_does()
    {
        var random = new Random(20261205);
        var checkedCount = 0;
        while (checkedCount < 1_000_000)
        {
            var value = BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue));
            if (double.IsFinite(value))
            {
                AssertSame(value);
                checkedCount++;
            }
        }
    }

    [Test]
    public void Ratios_and_scores_like_a_documents_format_as_the_runtime_does()
    {
        var random = new Random(16);
        for (var i = 0; i < 1_000_000; i++)
        {
            double numerator = random.Next(0, 2_000_000), denominator = random.Next(1, 5_000);
            AssertSame(numerator / denominator);
            AssertSame(-numerator / denominator);
            AssertSame(random.NextDouble() * 100);
            AssertSame(numerator / denominator * 1000 / random.Next(1, 1_000_000));
        }
    }

    [Test]
    public void Edges_of_the_layout_and_of_exact_cases_format_as_the_runtime_does()
    {
        var values = new List<double>
        {
            0.0, -0.0, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, 2.2250738585072014e-308,
            2.2250738585072009e-308, 1e23, 9007199254740993, 9007199254740992, 1e16, 1e16 + 2, 123456789012345680,
            1234567890123456.7, 123456789012345.67, 0.0001, 0.00001, 0.000123, 5e-324, 1.5, 0.1, 0.3, 2.0 / 3,
        };
        for (var exponent = -325; exponent <= 309; exponent++)
        {
            var power = double.Parse($"1e{exponent}", CultureInfo.InvariantCulture);
            values.AddRange([power, Math.BitDecrement(power), Math.BitIncrement(power), 1.5 * power, 9.999999999999999 * power]);
        }

        for (var exponent = -1074; exponent <= 1023; exponent++)
        {
            var power = Math.ScaleB(1, exponent);
            values.AddRange([power, Math.BitDecrement(power), Math.BitIncrement(power), 3 * power]);
        }

        for (long whole = 1; whole < 100_000_000_000_000_000; whole = (whole * 7) + 3)
        {
            values.AddRange([whole, -whole, whole + 0.5, whole * 10]);
        }

        foreach (var value in values.Where(double.IsFinite))
        {
            AssertSame(value);
            AssertSame(-value);
        }
    }

    private static void AssertSame(double value)
    {
        Span<byte> ours = stackalloc byte[32];
        Span<byte> runtime = stackalloc byte[32];
        var length = ReportJson.Format(value, ours);
        var expectedLength = ByRuntime(value, runtime);
        if (!ours[..length].SequenceEqual(runtime[..expectedLength]))
        {
            Assert.Fail($"{value.ToString("R", CultureInfo.InvariantCulture)} (bits {BitConverter.DoubleToInt64Bits(value):X16}): " +
                $"ours {Encoding.ASCII.GetString(ours[..length])}, the runtime's {Encoding.ASCII.GetString(runtime[..expectedLength])}");
        }
    }

    private static int ByRuntime(double value, Span<byte> text)
    {
        var whole = Math.Abs(value) < 1e16 && value == Math.Floor(value);
        value.TryFormat(text, out var length, whole ? "F1" : "R", CultureInfo.InvariantCulture);
        var exponent = text[..length].IndexOf((byte)'E');
        if (exponent >= 0)
        {
            text[exponent] = (byte)'e';
        }

        return length;
    }
}
