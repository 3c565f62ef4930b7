using Engagement.Data.Csv;
using Engagement.Domain.Model;
using static Engagement.Data.Tests.Csv.CsvTestData;

namespace Engagement.Data.Tests.Csv;

/// <summary>The file-format points of spec/vectors/edge-cases (see its README).</summary>
public sealed class EdgeCaseVectorsTests
{
    private LoadedDataset _data = null!;

    [OneTimeSetUp]
    public void LoadOnce() => _data = DatasetLoader.Load(Vector("edge-cases"));

    [Test]
    public void Load_edge_cases_has_no_errors()
    {
        Assert.That(_data.RowErrors, Is.Empty);
        Assert.That(_data.FileErrors, Is.Empty);
    }

    [Test]
    public void Load_brands_with_bom_and_mixed_case_header_reads_every_brand()
    {
        Assert.That(_data.Brands.Select(brand => brand.Id), Is.EqualTo(new[] { "alpha", "beta", "gamma", "delta", "zed", "solo", "quiet" }));
        Assert.That(_data.Brands[0], Is.EqualTo(new Brand("alpha", "Alpha Shop", "retail")));
    }

    [Test]
    public void Load_quoted_brand_name_keeps_comma_and_quotes()
    {
        Assert.That(_data.Brands.Single(brand => brand.Id == "gamma").Name, Is.EqualTo("Gamma, Goods & \"Co\""));
    }

    [Test]
    public void Load_accounts_in_other_column_order_are_normalised_and_repeat_stored_once()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_data.Accounts, Has.Count.EqualTo(10));
            Assert.That(_data.Accounts[0], Is.EqualTo(new Account("alpha", "mastodon", "alpha@shop.example")));
            Assert.That(_data.Accounts.Where(account => account.Brand == "beta" && account.Network == "mastodon"),
                Is.EqualTo(new[] { new Account("beta", "mastodon", "beta@shop.example") }));
            Assert.That(_data.Accounts, Does.Contain(new Account("solo", "x", "solobrand")));
            Assert.That(_data.Accounts, Does.Contain(new Account("beta", "bluesky", "beta.bsky.social")));
        });
    }

    [Test]
    public void Load_posts_with_other_column_order_and_unknown_column_are_read()
    {
        var p2 = Post("a-p2");

        Assert.Multiple(() =>
        {
            Assert.That(p2.Author, Is.EqualTo("alpha@shop.example"));
            Assert.That(p2.InReplyToAuthor, Is.EqualTo("alpha@shop.example"));
            Assert.That(p2.InReplyToPost, Is.EqualTo("a-p1"));
            Assert.That(_data.Posts.Select(post => post.Network), Does.Contain("threads"));
        });
    }

    [Test]
    public void Load_repeated_post_keeps_the_last_row()
    {
        var p1 = _data.Posts.Where(post => post.PostId == "a-p1").ToList();

        Assert.That(p1.Select(post => (post.Likes, post.Replies)), Is.EqualTo(new[] { (10L, 2L) }));
    }

    [Test]
    public void Load_repeated_snapshot_keeps_the_last_row()
    {
        var snapshots = _data.Followers
            .Where(snapshot => snapshot.Network == "mastodon" && snapshot.Handle == "alpha@shop.example" && snapshot.Date == new DateOnly(2024, 5, 8))
            .ToList();

        Assert.That(snapshots.Select(snapshot => snapshot.Followers), Is.EqualTo(new[] { 2100L }));
    }

    [Test]
    public void Load_followers_with_crlf_and_handle_spellings_are_normalised()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_data.Followers, Has.Count.EqualTo(14));
            Assert.That(_data.Followers.Count(snapshot => snapshot.Handle == "alpha@shop.example"), Is.EqualTo(4));
            Assert.That(_data.Followers, Does.Contain(new FollowerSnapshot("mastodon", "zed@social.example", new DateOnly(2024, 5, 1), 700)));
        });
    }

    [TestCase("a-p3", "2024-05-07T22:00:00Z")]
    [TestCase("d-p5", "2024-05-14T23:59:59.999999Z")]
    [TestCase("d-o1", "2024-04-30T23:30:00Z")]
    [TestCase("d-p1", "2024-05-01T00:30:00Z")]
    [TestCase("d-o3", "2024-05-15T01:30:00Z")]
    public void Load_instant_with_offset_is_stored_in_utc(string postId, string utc)
    {
        Assert.That(CanonicalFormats.FormatInstant(Post(postId).CreatedAt), Is.EqualTo(utc));
    }

    [Test]
    public void Load_offset_instant_is_the_right_microsecond_count()
    {
        var expected = UtcMicros.FromDateTimeOffset(new DateTimeOffset(2024, 5, 8, 1, 0, 0, TimeSpan.FromHours(3)));

        Assert.That(Post("a-p3").CreatedAt, Is.EqualTo(expected));
    }

    private Post Post(string postId) => _data.Posts.Single(post => post.PostId == postId);
}
