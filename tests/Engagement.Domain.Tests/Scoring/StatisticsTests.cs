using Engagement.Domain.Scoring;

namespace Engagement.Domain.Tests.Scoring;

public class StatisticsTests
{
    [Test]
    public void Wilson_two_of_five_matches_the_hand_computation()
    {
        var (low, high) = Statistics.Wilson(2, 5);
        Assert.That(low, Is.EqualTo(0.1176208).Within(1e-7));
        Assert.That(high, Is.EqualTo(0.7692757).Within(1e-7));
    }

    [Test]
    public void Wilson_bounds_are_exact_at_the_ends()
    {
        Assert.That(Statistics.Wilson(0, 5).Low, Is.EqualTo(0.0));
        Assert.That(Statistics.Wilson(5, 5).High, Is.EqualTo(1.0));
    }

    [Test]
    public void Median_of_an_even_count_is_the_mean_of_the_middle_two() =>
        Assert.That(Statistics.MedianInPlace([100, 15, 45, 30]), Is.EqualTo(37.5));

    [Test]
    public void Median_of_nothing_is_null() => Assert.That(Statistics.MedianInPlace([]), Is.Null);

    [TestCase(0.25, 6.166666666666666)]
    [TestCase(0.90, 9.8)]
    [TestCase(0.50, 9.0)]
    public void Quantile_interpolates_between_order_statistics(double q, double expected) =>
        Assert.That(Statistics.Quantile([10.0 / 3, 9, 10], q), Is.EqualTo(expected).Within(1e-12));

    [Test]
    public void Quantile_of_an_empty_population_is_null() => Assert.That(Statistics.Quantile([], 0.5), Is.Null);

    [TestCase(new[] { 1.0, 2, 3 }, 3.0, 100.0)]
    [TestCase(new[] { 1.0, 2, 3 }, 1.0, 0.0)]
    [TestCase(new[] { 1.0, 2, 3 }, 2.0, 50.0)]
    [TestCase(new[] { 4.0, 5, 5, 5 }, 5.0, 66.66666666666667)]
    [TestCase(new[] { 2.0, 2 }, 2.0, 50.0)]
    [TestCase(new[] { 7.0 }, 7.0, 50.0)]
    public void PercentileScore_counts_below_and_half_the_ties(double[] population, double value, double expected) =>
        Assert.That(Statistics.PercentileScore(population, value), Is.EqualTo(expected).Within(1e-12));

    [TestCase(90.0, "A+")]
    [TestCase(89.999, "A")]
    [TestCase(80.0, "A")]
    [TestCase(65.0, "B")]
    [TestCase(50.0, "C")]
    [TestCase(35.0, "D")]
    [TestCase(34.99, "F")]
    [TestCase(null, null)]
    public void Grade_thresholds(double? score, string? grade) => Assert.That(Statistics.Grade(score), Is.EqualTo(grade));
}
