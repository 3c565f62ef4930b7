using System.Text.Json;
using Engagement.Collectors.Options;
using Engagement.Collectors.X;
using Engagement.Domain.Model;

namespace Engagement.Collectors.Tests;

public sealed class XUnitTests
{
    [Test]
    public void A_user_left_out_of_includes_keeps_its_id_and_missing_counts_are_zero()
    {
        var page = JsonSerializer.Deserialize(
            """
            {"data":[{"id":"5","created_at":"2025-03-01T09:00:00Z","author_id":"1","in_reply_to_user_id":"77",
              "referenced_tweets":[{"type":"replied_to","id":"4"}],"public_metrics":{"reply_count":"2"}}],
             "errors":[{"value":"77","detail":"User has been suspended: [77].","title":"Forbidden","resource_type":"user","parameter":"in_reply_to_user_id","resource_id":"77","type":"https://api.twitter.com/2/problems/resource-not-found"}]}
            """,
            XJsonContext.Default.XTimelineResponse)!;
        var mapper = new XMapper("acme", "1");
        mapper.Learn(page.Includes);

        var post = mapper.ToPost(page.Data!.Single())!;

        Assert.That((post.Author, post.InReplyToPost, post.InReplyToAuthor), Is.EqualTo(("acme", "4", "77")), "an admin answer all the same");
        Assert.That((post.Likes, post.Shares, post.Quotes, post.Replies, post.Views), Is.EqualTo((0L, 0L, 0L, 2L, (long?)0)));
        Assert.That(post.CreatedAt, Is.EqualTo(UtcMicros.FromDateTimeOffset(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero))), "seconds without fractions parse too");
        Assert.That(page.Errors!.Single().Describe(), Is.EqualTo("Forbidden: User has been suspended: [77]."));
    }

    [Test]
    public void Retweets_are_not_posts_and_quotes_are()
    {
        var mapper = new XMapper("acme", "1");
        XTweet Tweet(string type) => new() { Id = "9", AuthorId = "1", CreatedAt = DateTimeOffset.UnixEpoch, ReferencedTweets = [new XReferencedTweet { Type = type, Id = "8" }] };

        Assert.That(mapper.ToPost(Tweet("retweeted")), Is.Null);
        Assert.That(mapper.ToPost(Tweet("quoted"))!.InReplyToPost, Is.Null);
    }

    [Test]
    public void Each_endpoint_limit_is_checked_with_the_key_to_fix()
    {
        var validator = new NetworkOptionsValidator<XCollectorOptions>(XCollectorOptions.Section);

        var result = validator.Validate(null, new XCollectorOptions { MentionsRateLimit = 0 });

        Assert.That(result.Failures, Is.EqualTo(new[] { "Collectors:X:MentionsRateLimit must be at least 1" }));
        Assert.That(new XCollectorOptions().DisabledReason, Does.Contain("Collectors:X:BearerToken"));
        Assert.That(new XCollectorOptions { BearerToken = "t" }.DisabledReason, Is.Null);
    }
}
