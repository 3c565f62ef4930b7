using Engagement.Domain.Scoring;

namespace Engagement.Domain.Tests.Scoring;

/// <summary>Our sort of doubles puts every value where <see cref="Array.Sort{T}(T[])"/> does.</summary>
public sealed class DoubleSortTests
{
    private static readonly double[] Specials = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, double.Epsilon, 0.0, 1.0, -1.0];

    [Test]
    public void Random_arrays_of_every_short_length_and_some_long_ones_sort_as_the_runtime_sorts_them()
    {
        var random = new Random(16);
        var lengths = Enumerable.Range(0, 200).Concat([1_000, 4_097, 30_000]);
        foreach (var length in lengths)
        {
            foreach (var shape in new Func<int, double>[]
            {
                _ => random.NextDouble() * 1000,
                _ => random.Next(5),
                i => i,
                i => -i,
                i => i % 2 == 0 ? i : -i,
                _ => Specials[random.Next(Specials.Length)],
            })
            {
                AssertSortsAsTheRuntime([.. Enumerable.Range(0, length).Select(shape)], depth: null);
            }
        }
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(3)]
    public void The_heapsort_past_the_depth_limit_sorts_the_same(int depth)
    {
        var random = new Random(depth);
        foreach (var length in new[] { 17, 18, 100, 1_001, 20_000 })
        {
            AssertSortsAsTheRuntime([.. Enumerable.Range(0, length).Select(_ => (double)random.Next(length / 3 + 1))], depth);
            AssertSortsAsTheRuntime([.. Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5)], depth);
        }
    }

    [Test]
    public void Nans_go_first()
    {
        double[] values = [3, double.NaN, 1, double.NaN, 2];

        DoubleSort.Sort(values);

        Assert.That(values, Is.EqualTo(new[] { double.NaN, double.NaN, 1, 2, 3 }));
    }

    private static void AssertSortsAsTheRuntime(double[] values, int? depth)
    {
        var expected = (double[])values.Clone();
        Array.Sort(expected);

        DoubleSort.Sort(values, depth);

        // Bit for bit: the same values in the same places.
        Assert.That(values.Select(BitConverter.DoubleToInt64Bits), Is.EqualTo(expected.Select(BitConverter.DoubleToInt64Bits)), $"{values.Length} values");
    }
}
