using System.Globalization;

namespace Engagement.Domain.Scoring;

/// <summary>
/// The shortest decimal digits that read back to a double (Ulf Adams' Ryū, "Ryū: fast float-to-string
/// conversion", PLDI 2018), laid out as the runtime's "R" format lays them out. The runtime's own
/// formatting was about a third of the benchmark document's JSON time (1.2 million doubles at
/// 230-400 ns each); this is the same text, bit for bit (ShortestDoubleTests compare millions of
/// doubles of every magnitude with the runtime's), at a fraction of the cost.
/// </summary>
internal static partial class ShortestDouble
{
    private const int MantissaBits = 52;
    private const int ExponentBias = 1023;
    private const int Pow5InvBitCount = 125;
    private const int Pow5BitCount = 125;

    /// <summary>
    /// Writes a finite, non-zero double as "R" formats it with the invariant culture, but with a lower-case
    /// "e" before the exponent; returns the length. <paramref name="text"/> holds at least 32 bytes.
    /// </summary>
    public static int Format(double value, Span<byte> text)
    {
        var bits = BitConverter.DoubleToUInt64Bits(value);
        var mantissa = bits & ((1UL << MantissaBits) - 1);
        var biasedExponent = (int)((bits >> MantissaBits) & 0x7FF);
        if (mantissa == 0 && biasedExponent > 1)
        {
            return ByRuntime(value, text);
        }

        var (digits, exponent) = Shortest(mantissa, biasedExponent);
        Span<byte> digitText = stackalloc byte[20];
        var count = 0;
        for (var rest = digits; rest != 0; rest /= 10)
        {
            digitText[19 - count++] = (byte)('0' + (int)(rest % 10));
        }

        digitText = digitText[(20 - count)..];
        var length = 0;
        if ((long)bits < 0)
        {
            text[length++] = (byte)'-';
        }

        return length + Layout(digitText, count + exponent, text[length..]);
    }

    // A power of two has a lower neighbour half as far as its upper one. The runtime's Grisu3 takes the
    // two as equally far ("regular boundaries everywhere", its source says) and its Dragon4 fallback
    // does not, so its text for these (e.g. 2^-958 as 4.104536801298376e-289, which reads back as the
    // double below) follows no rule Ryū can reproduce: they are left to the runtime. They are few and
    // mostly short (0.5, 0.25).
    private static int ByRuntime(double value, Span<byte> text)
    {
        value.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture);
        var exponent = text[..length].IndexOf((byte)'E');
        if (exponent >= 0)
        {
            text[exponent] = (byte)'e';
        }

        return length;
    }

    // The runtime's general layout for "R": positional while the point falls within max(digits, 17)
    // places before and 4 after the first digit, else one digit, the rest, and "E+XX"/"E-XX".
    private static int Layout(ReadOnlySpan<byte> digits, int scale, Span<byte> text)
    {
        var length = 0;
        if (scale > Math.Max(digits.Length, 17) || scale < -3)
        {
            text[length++] = digits[0];
            if (digits.Length > 1)
            {
                text[length++] = (byte)'.';
                digits[1..].CopyTo(text[length..]);
                length += digits.Length - 1;
            }

            text[length++] = (byte)'e';
            var exponent = scale - 1;
            text[length++] = exponent < 0 ? (byte)'-' : (byte)'+';
            exponent = Math.Abs(exponent);
            var width = exponent >= 100 ? 3 : 2;
            for (var place = width - 1; place >= 0; place--, exponent /= 10)
            {
                text[length + place] = (byte)('0' + (exponent % 10));
            }

            return length + width;
        }

        if (scale <= 0)
        {
            text[length++] = (byte)'0';
            text[length++] = (byte)'.';
            for (; scale < 0; scale++)
            {
                text[length++] = (byte)'0';
            }

            digits.CopyTo(text[length..]);
            return length + digits.Length;
        }

        var whole = Math.Min(scale, digits.Length);
        digits[..whole].CopyTo(text);
        length = whole;
        for (; length < scale; length++)
        {
            text[length] = (byte)'0';
        }

        if (whole < digits.Length)
        {
            text[length++] = (byte)'.';
            digits[whole..].CopyTo(text[length..]);
            length += digits.Length - whole;
        }

        return length;
    }

    // Ryū's d2d: the shortest digits inside the interval of reals that round to the double, the
    // closest of them to its exact value, ties to an even digit. Returns digits x 10^exponent.
    private static (ulong Digits, int Exponent) Shortest(ulong mantissa, int biasedExponent)
    {
        int e2;
        ulong m2;
        if (biasedExponent == 0)
        {
            e2 = 1 - ExponentBias - MantissaBits - 2;
            m2 = mantissa;
        }
        else
        {
            e2 = biasedExponent - ExponentBias - MantissaBits - 2;
            m2 = (1UL << MantissaBits) | mantissa;
        }

        // Ryū's lower-bound shift (mmShift) is 1 here: the one case where it is 0, a power of two
        // (a closer lower neighbour), is left to the runtime (Format), so the interval is symmetric.
        var acceptBounds = (m2 & 1) == 0;
        var mv = 4 * m2;
        var interval = e2 >= 0 ? Positive(m2, mv, e2, acceptBounds) : Negative(m2, mv, e2, acceptBounds);
        return Trim(interval, acceptBounds);
    }

    private readonly record struct Interval(ulong Vr, ulong Vp, ulong Vm, int E10, bool VmTrailingZeros, bool VrTrailingZeros);

    private static Interval Positive(ulong m2, ulong mv, int e2, bool acceptBounds)
    {
        var q = Log10Pow2(e2) - (e2 > 3 ? 1 : 0);
        var k = Pow5InvBitCount + Pow5Bits(q) - 1;
        var i = -e2 + q + k;
        var (vr, vp, vm) = MulShiftAll(m2, Pow5InvSplit, q, i);
        bool vmZeros = false, vrZeros = false;
        if (q <= 21)
        {
            if (mv % 5 == 0)
            {
                vrZeros = MultipleOfPowerOf5(mv, q);
            }
            else if (acceptBounds)
            {
                vmZeros = MultipleOfPowerOf5(mv - 2, q);
            }
            else if (MultipleOfPowerOf5(mv + 2, q))
            {
                vp--;
            }
        }

        return new Interval(vr, vp, vm, q, vmZeros, vrZeros);
    }

    private static Interval Negative(ulong m2, ulong mv, int e2, bool acceptBounds)
    {
        var q = Log10Pow5(-e2) - (-e2 > 1 ? 1 : 0);
        var i = -e2 - q;
        var k = Pow5Bits(i) - Pow5BitCount;
        var (vr, vp, vm) = MulShiftAll(m2, Pow5Split, i, q - k);
        bool vmZeros = false, vrZeros = false;
        if (q <= 1)
        {
            // mv has at least q trailing zero bits, so vr is exact.
            vrZeros = true;
            vmZeros = acceptBounds;
            if (!acceptBounds)
            {
                vp--;
            }
        }
        else if (q < 63)
        {
            vrZeros = (mv & ((1UL << q) - 1)) == 0;
        }

        return new Interval(vr, vp, vm, q + e2, vmZeros, vrZeros);
    }

    private static (ulong Digits, int Exponent) Trim(Interval interval, bool acceptBounds)
    {
        var (vr, vp, vm, e10, vmZeros, vrZeros) = interval;
        var removed = 0;
        if (vmZeros || vrZeros)
        {
            // The rare exact cases: the bounds' and the value's trailing zeros decide.
            var lastRemoved = 0UL;
            for (; vp / 10 > vm / 10; removed++)
            {
                vmZeros &= vm % 10 == 0;
                vrZeros &= lastRemoved == 0;
                lastRemoved = vr % 10;
                vr /= 10;
                vp /= 10;
                vm /= 10;
            }

            for (; vmZeros && vm % 10 == 0; removed++)
            {
                vrZeros &= lastRemoved == 0;
                lastRemoved = vr % 10;
                vr /= 10;
                vp /= 10;
                vm /= 10;
            }

            if (vrZeros && lastRemoved == 5 && vr % 2 == 0)
            {
                lastRemoved = 4; // exactly halfway: round to even
            }

            var up = (vr == vm && (!acceptBounds || !vmZeros)) || lastRemoved >= 5;
            return (vr + (up ? 1UL : 0UL), e10 + removed);
        }

        var roundUp = false;
        if (vp / 100 > vm / 100)
        {
            roundUp = vr % 100 >= 50;
            vr /= 100;
            vp /= 100;
            vm /= 100;
            removed += 2;
        }

        for (; vp / 10 > vm / 10; removed++)
        {
            roundUp = vr % 10 >= 5;
            vr /= 10;
            vp /= 10;
            vm /= 10;
        }

        return (vr + (vr == vm || roundUp ? 1UL : 0UL), e10 + removed);
    }

    private static (ulong Vr, ulong Vp, ulong Vm) MulShiftAll(ulong m2, ulong[] table, int index, int shift)
    {
        var low = table[2 * index];
        var high = table[(2 * index) + 1];
        return (MulShift(4 * m2, low, high, shift), MulShift((4 * m2) + 2, low, high, shift),
            MulShift((4 * m2) - 2, low, high, shift));
    }

    // (m x (high:low)) >> shift, for a 55-bit m, a 125-bit factor and a shift of 65-127. Math.BigMul
    // rather than UInt128: its operators are calls in precompiled code until tier 1 inlines them.
    private static ulong MulShift(ulong m, ulong low, ulong high, int shift)
    {
        var carry = Math.BigMul(m, low, out _);
        var upper = Math.BigMul(m, high, out var lower);
        lower += carry;
        upper += lower < carry ? 1UL : 0UL;
        var distance = shift - 64;
        return (upper << (64 - distance)) | (lower >> distance);
    }

    private static bool MultipleOfPowerOf5(ulong value, int p)
    {
        var count = 0;
        for (; value % 5 == 0; value /= 5)
        {
            count++;
        }

        return count >= p;
    }
}
