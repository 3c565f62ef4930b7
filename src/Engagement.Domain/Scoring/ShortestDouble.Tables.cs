using System.Numerics;

namespace Engagement.Domain.Scoring;

/// <summary>The exact tables and logarithms <see cref="ShortestDouble"/> works with.</summary>
internal static partial class ShortestDouble
{
    // 5^q and 2^k/5^q as 128-bit (low, high) words, built once from exact integers.
    private static readonly ulong[] Pow5Split = BuildPow5Split(326);
    private static readonly ulong[] Pow5InvSplit = BuildPow5InvSplit(342);

    // ceil(log2(5^e)) for e >= 1 (1 for e = 0), floor(log10(2^e)), floor(log10(5^e)): exact in range.
    private static int Pow5Bits(int e) => (int)(((uint)e * 1217359) >> 19) + 1;

    private static int Log10Pow2(int e) => (int)(((uint)e * 78913) >> 18);

    private static int Log10Pow5(int e) => (int)(((uint)e * 732923) >> 20);

    private static ulong[] BuildPow5Split(int count)
    {
        var table = new ulong[2 * count];
        var pow = BigInteger.One;
        for (var i = 0; i < count; i++, pow *= 5)
        {
            var length = (int)pow.GetBitLength();
            var top = length >= Pow5BitCount ? pow >> (length - Pow5BitCount) : pow << (Pow5BitCount - length);
            Store(table, i, top);
        }

        return table;
    }

    private static ulong[] BuildPow5InvSplit(int count)
    {
        var table = new ulong[2 * count];
        var pow = BigInteger.One;
        for (var i = 0; i < count; i++, pow *= 5)
        {
            var shift = (int)pow.GetBitLength() - 1 + Pow5InvBitCount;
            Store(table, i, (BigInteger.One << shift) / pow + 1);
        }

        return table;
    }

    private static void Store(ulong[] table, int index, BigInteger value)
    {
        var mask = (BigInteger.One << 64) - 1;
        table[2 * index] = (ulong)(value & mask);
        table[(2 * index) + 1] = (ulong)(value >> 64);
    }
}
