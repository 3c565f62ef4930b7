using static Engagement.Domain.Tests.Build;

namespace Engagement.Domain.Tests.Scoring;

/// <summary>methodology.md §3, one rule per test.</summary>
public class ClassificationTests
{
    private const string Fan = "fan@social.example";

    [Test]
    public void BrandPost_is_authored_by_B_replying_to_nobody()
    {
        var measures = Measure([Post(Handle, "2024-03-02T10:00:00Z")]);
        Assert.That((measures.Posts, measures.Answers), Is.EqualTo((1, 0)));
    }

    [Test]
    public void BrandPost_includes_B_continuing_its_own_thread()
    {
        var measures = Measure([Post(Handle, "2024-03-02T10:00:00Z", replyTo: "p0", replyToAuthor: Handle)]);
        Assert.That((measures.Posts, measures.Answers), Is.EqualTo((1, 0)));
    }

    [Test]
    public void BrandPost_includes_a_reply_without_in_reply_to_author()
    {
        var measures = Measure([
            Post(Fan, "2024-03-02T09:00:00Z", id: "u1", replyToAuthor: Handle),
            Post(Handle, "2024-03-02T10:00:00Z", replyTo: "u1"),
        ]);
        Assert.That((measures.Posts, measures.Answers, measures.AnsweredUserPosts), Is.EqualTo((1, 0, 0)));
    }

    [Test]
    public void AdminAnswer_replies_to_someone_else_and_counts_whatever_it_answers()
    {
        var measures = Measure([Post(Handle, "2024-03-02T10:00:00Z", replyTo: "old", replyToAuthor: "someone")]);
        Assert.That((measures.Posts, measures.Answers, measures.Effort), Is.EqualTo((0, 1, 1)));
    }

    [Test]
    public void UserPost_by_reply_or_mention_and_both_is_counted_once()
    {
        var measures = Measure([
            Post(Fan, "2024-03-02T09:00:00Z", replyToAuthor: Handle),
            Post(Fan, "2024-03-02T09:00:00Z", mentions: [Handle]),
            Post(Fan, "2024-03-02T09:00:00Z", replyToAuthor: Handle, mentions: [Handle, Handle]),
        ]);
        Assert.That(measures.UserPosts, Is.EqualTo(3));
    }

    [Test]
    public void UserPost_excludes_user_to_user_replies_and_self_mentions()
    {
        var measures = Measure([
            Post(Fan, "2024-03-02T09:00:00Z", replyToAuthor: "other@x", mentions: ["other@x"]),
            Post(Handle, "2024-03-02T09:00:00Z", mentions: [Handle]),
        ]);
        Assert.That((measures.UserPosts, measures.Posts), Is.EqualTo((0, 1)));
    }

    [Test]
    public void UserPost_addressing_two_brands_counts_for_each()
    {
        var acme = Account();
        var bolt = Account("bolt", "bolt@social.example");
        var index = Engagement.Domain.Scoring.ActivityIndex.Build(
            [acme, bolt], [Post(Fan, "2024-03-02T09:00:00Z", mentions: [Handle, "bolt@social.example"])], []);
        Assert.That(index.Find(acme.Key)!.UserPosts, Has.Count.EqualTo(1));
        Assert.That(index.Find(bolt.Key)!.UserPosts, Has.Count.EqualTo(1));
    }

    [TestCase("2024-03-02T09:30:00Z", 1, 30.0)]
    [TestCase("2024-03-09T08:59:59Z", 1, 10079.983333333334)]
    [TestCase("2024-03-09T09:00:00Z", 0, null)]
    [TestCase("2024-03-02T08:59:00Z", 0, null)]
    public void Answered_only_within_the_seven_day_horizon(string answerAt, int answered, double? median)
    {
        var measures = Measure([
            Post(Fan, "2024-03-02T09:00:00Z", id: "u1", replyToAuthor: Handle),
            Post(Handle, answerAt, replyTo: "u1", replyToAuthor: Fan),
        ]);
        Assert.That(measures.AnsweredUserPosts, Is.EqualTo(answered));
        Assert.That(measures.MedianFirstResponseMinutes, Is.EqualTo(median).Within(1e-9));
    }

    [Test]
    public void Answered_by_an_answer_after_the_window_which_is_not_in_answers()
    {
        var measures = Measure([
            Post(Fan, "2024-03-10T20:00:00Z", id: "u1", mentions: [Handle]),
            Post(Handle, "2024-03-12T08:00:00Z", replyTo: "u1", replyToAuthor: Fan),
        ]);
        Assert.That((measures.AnsweredUserPosts, measures.Answers), Is.EqualTo((1, 0)));
        Assert.That(measures.MedianFirstResponseMinutes, Is.EqualTo(2160.0));
    }

    [Test]
    public void FirstResponse_is_the_earliest_of_several_answers()
    {
        var measures = Measure([
            Post(Fan, "2024-03-02T09:00:00Z", id: "u1", mentions: [Handle]),
            Post(Handle, "2024-03-02T10:00:00Z", replyTo: "u1", replyToAuthor: Fan),
            Post(Handle, "2024-03-02T09:30:00Z", replyTo: "u1", replyToAuthor: Fan),
        ]);
        Assert.That(measures.AnsweredUserPosts, Is.EqualTo(1));
        Assert.That(measures.Answers, Is.EqualTo(2));
        Assert.That(measures.AnswerRatio, Is.EqualTo(2.0));
        Assert.That(measures.MedianFirstResponseMinutes, Is.EqualTo(30.0));
    }
}
