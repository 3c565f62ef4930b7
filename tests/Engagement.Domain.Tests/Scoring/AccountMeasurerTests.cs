using Engagement.Domain.Scoring;
using static Engagement.Domain.Tests.Build;

namespace Engagement.Domain.Tests.Scoring;

/// <summary>methodology.md §4-§6.</summary>
public class AccountMeasurerTests
{
    [Test]
    public void Window_is_half_open_in_utc()
    {
        var measures = Measure([
            Post(Handle, "2024-02-29T23:59:59Z"),
            Post(Handle, "2024-03-01T01:30:00+02:00"),
            Post(Handle, "2024-02-29T23:30:00-01:00"),
            Post(Handle, "2024-03-10T23:59:59.999999Z"),
            Post(Handle, "2024-03-11T00:00:00Z"),
        ]);
        Assert.That(measures.Posts, Is.EqualTo(2));
    }

    [Test]
    public void Reach_uses_views_or_the_followers_on_or_before_the_post_day()
    {
        var measures = Measure(
            [
                Post(Handle, "2024-03-02T10:00:00Z", views: 1000),
                Post(Handle, "2024-03-05T10:00:00+03:00"),
                Post(Handle, "2024-03-06T10:00:00Z"),
            ],
            [Followers("2024-03-06", 700), Followers("2024-03-04", 500)]);
        Assert.That(measures.Reach, Is.EqualTo(1000 + 500 + 700));
        Assert.That(measures.ReachBasis, Is.EqualTo(ReachBasis.Mixed));
    }

    [Test]
    public void Reach_before_the_first_snapshot_takes_the_earliest()
    {
        var measures = Measure([Post(Handle, "2024-03-02T10:00:00Z")], [Followers("2024-03-20", 400), Followers("2024-03-25", 450)]);
        Assert.That((measures.Reach, measures.ReachBasis), Is.EqualTo(((long?)400, ReachBasis.Estimated)));
        Assert.That((measures.FollowersStart, measures.FollowersEnd), Is.EqualTo(((long?)400, (long?)400)));
        Assert.That(measures.FollowerGrowth, Is.EqualTo(0.0));
    }

    [Test]
    public void Reach_is_null_without_views_or_snapshots_so_impact_is_null_and_insufficient()
    {
        var measures = Measure([Post(Handle, "2024-03-02T10:00:00Z"), Post(Handle, "2024-03-03T10:00:00Z"), Post(Handle, "2024-03-04T10:00:00Z")]);
        Assert.That(measures.Reach, Is.Null);
        Assert.That(measures.ReachBasis, Is.EqualTo(ReachBasis.None));
        Assert.That(measures.Impact, Is.Null);
        Assert.That(measures.Sufficient.Impact, Is.False);
        Assert.That(measures.Sufficient.Engagement, Is.True);
    }

    [Test]
    public void Followers_start_is_dated_on_or_before_from_and_end_strictly_before_to()
    {
        var measures = Measure([], [Followers("2024-03-01", 1000), Followers("2024-03-08", 2100), Followers("2024-03-11", 5000)]);
        Assert.That((measures.FollowersStart, measures.FollowersEnd), Is.EqualTo(((long?)1000, (long?)2100)));
        Assert.That(measures.FollowerGrowth, Is.EqualTo(1.1).Within(1e-12));
    }

    [Test]
    public void FollowerGrowth_is_null_when_start_is_zero_and_InteractionsPer1000_when_end_is_zero()
    {
        var measures = Measure([Post(Handle, "2024-03-02T10:00:00Z", likes: 5)], [Followers("2024-02-01", 0)]);
        Assert.That(measures.FollowerGrowth, Is.Null);
        Assert.That(measures.InteractionsPer1000, Is.Null);
    }

    [Test]
    public void Kpis_follow_their_formulas()
    {
        var measures = Measure(
            [
                Post(Handle, "2024-03-02T10:00:00Z", likes: 10, shares: 2, quotes: 0, replies: 3),
                Post(Handle, "2024-03-04T10:00:00Z", likes: 20, shares: 5, quotes: 1, replies: 4),
                Post("fan@x", "2024-03-04T11:00:00Z", id: "u1", replyToAuthor: Handle),
                Post(Handle, "2024-03-04T11:30:00Z", replyTo: "u1", replyToAuthor: "fan@x"),
            ],
            [Followers("2024-02-25", 1000)]);
        Assert.That(measures.Effort, Is.EqualTo(3));
        Assert.That(measures.Interactions, Is.EqualTo(45));
        Assert.That(measures.Engagement, Is.EqualTo(15.0));
        Assert.That(measures.Impact, Is.EqualTo(2000.0 / 3));
        Assert.That(measures.InteractionsPer1000, Is.EqualTo(1000.0 * 45 / (2 * 1000)));
        Assert.That(measures.PostsPerDay, Is.EqualTo(0.2));
        Assert.That(measures.Responsiveness, Is.EqualTo(1.0));
        Assert.That(measures.Sufficient.Responsiveness, Is.False, "U = 1 < 5");
    }

    [Test]
    public void Zero_effort_gives_null_impact_and_engagement()
    {
        var measures = Measure([Post("fan@x", "2024-03-02T10:00:00Z", mentions: [Handle])]);
        Assert.That((measures.Effort, measures.Impact, measures.Engagement), Is.EqualTo((0, (double?)null, (double?)null)));
        Assert.That(measures.Responsiveness, Is.EqualTo(0.0));
    }

    [Test]
    public void Sufficiency_thresholds_are_settings()
    {
        var posts = new[] { Post(Handle, "2024-03-02T10:00:00Z", views: 5) };
        Assert.That(Measure(posts).Sufficient.Engagement, Is.False);
        Assert.That(Measure(posts, settings: new SufficiencySettings(MinEffort: 1)).Sufficient.Engagement, Is.True);
    }
}
