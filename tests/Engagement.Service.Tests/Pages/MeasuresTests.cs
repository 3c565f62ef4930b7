using Engagement.Domain.Scoring;
using Engagement.Service.Pages.Components;

namespace Engagement.Service.Tests.Pages;

public class MeasuresTests
{
    [TestCase(0.4, "0 min")]
    [TestCase(42, "42 min")]
    [TestCase(89.6, "90 min")]
    [TestCase(90, "1.5 h")]
    [TestCase(47 * 60, "47 h")]
    [TestCase(3 * 1440, "3 days")]
    public void Duration_reads_in_minutes_hours_or_days(double minutes, string expected) =>
        Assert.That(Measures.Duration(minutes), Is.EqualTo(expected));

    [TestCase(0.0, "0 %")]
    [TestCase(0.047, "4.7 %")]
    [TestCase(0.5, "50 %")]
    [TestCase(1.0, "100 %")]
    public void Percent_keeps_a_decimal_only_below_ten(double share, string expected) =>
        Assert.That(Measures.Percent(share), Is.EqualTo(expected));

    [Test]
    public void Large_values_have_thousands_separators()
    {
        Assert.That(Measures.Impact.Text(11396.4), Is.EqualTo("11,396"));
        Assert.That(Measures.Engagement.Text(12.345), Is.EqualTo("12.3"));
        Assert.That(Measures.Impact.Text(null), Is.EqualTo("–"));
    }

    [Test]
    public void Why_not_scored_names_the_count_and_the_threshold()
    {
        var settings = new SufficiencySettings(3, 5);
        var few = Account(effort: 2, userPosts: 4, impact: 100);
        var enough = Account(effort: 9, userPosts: 12, impact: 100, sufficient: true);
        var noReach = Account(effort: 9, userPosts: 12, impact: null);
        Assert.Multiple(() =>
        {
            Assert.That(Measures.WhyNotScored(Kpi.Impact, few, settings), Is.EqualTo("2 posts + answers in the window; scoring needs 3"));
            Assert.That(Measures.WhyNotScored(Kpi.Responsiveness, few, settings), Is.EqualTo("4 user posts addressed to it; scoring needs 5"));
            Assert.That(Measures.WhyNotScored(Kpi.Impact, noReach, settings), Does.Contain("no reach known"));
            Assert.That(Measures.WhyNotScored(Kpi.Engagement, enough, settings), Is.Null);
            Assert.That(Measures.WhyNotScored(Kpi.Responsiveness, enough, settings), Is.Null);
        });
    }

    private static AccountMeasures Account(int effort, int userPosts, double? impact, bool sufficient = false) => new(
        "b", "mastodon", "h", effort, 0, effort, userPosts, 0, 10, 100, ReachBasis.Estimated, 100, 100,
        impact, 1.0, 0.5, 0.5, 0.1, 0.9, 30, 1, 0, 1,
        new KpiFlags(sufficient && impact is not null, sufficient, sufficient));
}
