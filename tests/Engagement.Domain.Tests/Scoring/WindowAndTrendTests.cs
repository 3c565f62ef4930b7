using Engagement.Domain.Scoring;
using static Engagement.Domain.Tests.Build;

namespace Engagement.Domain.Tests.Scoring;

/// <summary>methodology.md §2, §10 and §11.</summary>
public class WindowAndTrendTests
{
    [Test]
    public void Window_must_start_before_it_ends() =>
        Assert.That(() => new ReportWindow(To, From), Throws.InstanceOf<Engagement.Domain.Model.DomainException>());

    [Test]
    public void DefaultWindow_ends_the_day_after_the_latest_own_post_and_spans_30_days()
    {
        var activity = Activity([Post(Handle, "2024-03-10T10:00:00Z"), Post("fan@x", "2024-04-01T10:00:00Z", mentions: [Handle])]);
        var window = ScoringEngine.ResolveWindow(new ReportRequest(BenchmarkSetSpec.All), [activity]);
        Assert.That((window.From, window.To), Is.EqualTo((new DateOnly(2024, 2, 10), new DateOnly(2024, 3, 11))));
    }

    [Test]
    public void DefaultWindow_without_own_posts_is_an_error() =>
        Assert.That(
            () => ScoringEngine.ResolveWindow(new ReportRequest(BenchmarkSetSpec.All), [Activity([])]),
            Throws.InstanceOf<Engagement.Domain.Model.DomainException>().With.Message.Contains("give from and to"));

    [Test]
    public void Weeks_start_on_mondays_and_are_cut_at_the_window()
    {
        var buckets = TrendBuckets.Split(new ReportWindow(new(2024, 5, 29), new(2024, 7, 4)), TrendGranularity.Week);
        Assert.That(buckets.Select(b => (b.From.ToString("MM-dd", null), b.Days)), Is.EqualTo(new[]
        {
            ("05-29", 5), ("06-03", 7), ("06-10", 7), ("06-17", 7), ("06-24", 7), ("07-01", 3),
        }));
    }

    [Test]
    public void Months_are_cut_at_the_window()
    {
        var buckets = TrendBuckets.Split(new ReportWindow(new(2024, 5, 29), new(2024, 7, 4)), TrendGranularity.Month);
        Assert.That(buckets.Select(b => (b.From, b.To)), Is.EqualTo(new[]
        {
            (new DateOnly(2024, 5, 29), new DateOnly(2024, 6, 1)),
            (new DateOnly(2024, 6, 1), new DateOnly(2024, 7, 1)),
            (new DateOnly(2024, 7, 1), new DateOnly(2024, 7, 4)),
        }));
    }

    [Test]
    public void ShareOfConversation_is_null_when_the_compared_brands_have_no_user_posts()
    {
        static AccountMeasures M(string brand, string network, int u) => new(brand, network, brand, 0, 0, 0, u, 0, 0, null,
            ReachBasis.None, null, null, null, null, null, null, null, null, null, null, null, 0, new KpiFlags(false, false, false));
        var rows = ShareOfConversationCalculator.Compute(
            [M("b", "m", 5), M("a", "m", 15), M("c", "m", 100), M("a", "x", 0)], new HashSet<string> { "a", "b" });
        Assert.That(rows, Is.EqualTo(new[]
        {
            new ConversationShare("m", "a", 15, 0.75), new ConversationShare("m", "b", 5, 0.25), new ConversationShare("x", "a", 0, null),
        }));
    }
}
