using Engagement.Domain.Scoring;
using Engagement.Service.Pages.Charts;

namespace Engagement.Service.Tests.Pages;

public class DistributionScaleTests
{
    [Test]
    public void One_outlier_cannot_squash_the_box()
    {
        // p25-p75 = 1,000-4,000 among p10-p90 = 500-10,000; one brand at 50 million.
        var scale = DistributionScale.For(Kpi.Impact, 500, 10_000, [2_000, 50_000_000]);
        var box = scale.Position(4_000) - scale.Position(1_000);
        Assert.Multiple(() =>
        {
            Assert.That(scale.IsLog, Is.True);
            Assert.That(box, Is.GreaterThan(0.2), "the middle half keeps a fifth of the width at least");
            Assert.That(scale.OffScale(50_000_000), Is.EqualTo(1), "the outlier is drawn at the edge, marked");
            Assert.That(scale.Position(50_000_000), Is.EqualTo(1));
            Assert.That(scale.OffScale(2_000), Is.Zero);
        });
    }

    [Test]
    public void Without_an_outlier_the_scale_fits_the_values()
    {
        var scale = DistributionScale.For(Kpi.Engagement, 100, 600, [80, 700]);
        Assert.Multiple(() =>
        {
            Assert.That(scale.OffScale(80), Is.Zero);
            Assert.That(scale.OffScale(700), Is.Zero);
            Assert.That(scale.Min, Is.LessThan(80));
            Assert.That(scale.Max, Is.GreaterThan(700));
        });
    }

    [Test]
    public void A_population_with_zeros_gets_a_linear_scale_that_still_clamps_outliers()
    {
        var scale = DistributionScale.For(Kpi.Engagement, 0, 10, [5, 1_000]);
        Assert.Multiple(() =>
        {
            Assert.That(scale.IsLog, Is.False);
            Assert.That(scale.Position(10) - scale.Position(0), Is.GreaterThan(0.4));
            Assert.That(scale.OffScale(1_000), Is.EqualTo(1));
        });
    }

    [Test]
    public void Responsiveness_is_always_zero_to_one_hundred_percent()
    {
        var scale = DistributionScale.For(Kpi.Responsiveness, 0.2, 0.4, [0.3]);
        Assert.Multiple(() =>
        {
            Assert.That(scale.Min, Is.Zero);
            Assert.That(scale.Max, Is.EqualTo(1));
            Assert.That(scale.Ticks(), Is.EqualTo(new[] { 0, 0.25, 0.5, 0.75, 1 }));
        });
    }

    [Test]
    public void Log_ticks_are_powers_of_ten_inside_the_scale()
    {
        var scale = DistributionScale.For(Kpi.Impact, 500, 100_000, []);
        Assert.That(scale.Ticks(), Is.EqualTo(new[] { 1_000.0, 10_000, 100_000 }));
    }
}
