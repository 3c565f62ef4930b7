using System.Text;
using Engagement.Data.Csv;
using Engagement.Domain.Model;

namespace Engagement.Data.Tests.Csv;

/// <summary>What the writers produce, the readers read back unchanged.</summary>
public sealed class RoundTripTests
{
    private static readonly string[] NoMentions = [];

    private static readonly Brand[] Brands =
    [
        new("acme", "Acme, \"the\" shop", "food"),
        new("bolt", " Bolt\r\nSnacks ", null),
        new("minus", "-1", "x_y-z"),
        new("formula", "=SUM(A1)", null),
        new("unicode", "Çafé 東京 🍣", null),
    ];

    private static readonly Account[] Accounts =
    [
        new("acme", "mastodon", "acme@social.example"),
        new("bolt", "bluesky", "bolt.bsky.social"),
        new("minus", "x", "minus"),
    ];

    private static readonly Post[] Posts =
    [
        new("mastodon", "m1", "acme@social.example", 1_709_370_000_000_000, null, null, NoMentions, 10, 2, 0, 3, null),
        new("mastodon", "m,2\"", "user@x.example", 1_709_370_000_123_456, "m1", "acme@social.example",
            ["acme@social.example", "bolt.bsky.social"], 0, 0, 0, 0, 1234),
        // The earliest instant the field rules accept, and a microsecond after it.
        new("bluesky", "b1", "bolt.bsky.social", 946_684_800_000_001, null, null, ["solo"], long.MaxValue, 1, 1, 0, 0),
        new("x", "=1+1", "minus", 946_684_800_000_000, "\"quoted\"", null, NoMentions, 0, 0, 0, 0, 0),
    ];

    private static readonly FollowerSnapshot[] Followers =
    [
        new("mastodon", "acme@social.example", new DateOnly(2024, 3, 1), 1000),
        new("bluesky", "bolt.bsky.social", new DateOnly(2000, 1, 1), 0),
        new("x", "minus", new DateOnly(2024, 2, 29), long.MaxValue),
    ];

    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("canonical-csv-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Writers_then_DatasetLoader_give_the_same_records()
    {
        WriteFile(DatasetLoader.BrandsFile, writer => CanonicalCsv.WriteBrands(writer, Brands));
        WriteFile(DatasetLoader.AccountsFile, writer => CanonicalCsv.WriteAccounts(writer, Accounts));
        WriteFile(DatasetLoader.PostsFile, writer => CanonicalCsv.WritePosts(writer, Posts));
        WriteFile(DatasetLoader.FollowersFile, writer => CanonicalCsv.WriteFollowers(writer, Followers));

        var data = DatasetLoader.Load(_folder);

        Assert.Multiple(() =>
        {
            Assert.That(data.RowErrors, Is.Empty);
            Assert.That(data.FileErrors, Is.Empty);
            Assert.That(data.Brands, Is.EqualTo(Brands));
            Assert.That(data.Accounts, Is.EqualTo(Accounts));
            Assert.That(data.Posts.Select(Comparable), Is.EqualTo(Posts.Select(Comparable)));
            Assert.That(data.Followers, Is.EqualTo(Followers));
        });
    }

    [Test]
    public void WritePosts_uses_canonical_column_order_and_joins_mentions()
    {
        var text = new StringWriter();

        CanonicalCsv.WritePosts(text, [Posts[1]]);

        Assert.That(text.ToString(), Is.EqualTo(
            "network,post_id,author,created_at,in_reply_to_post,in_reply_to_author,mentions,likes,shares,quotes,replies,views\n"
            + "mastodon,\"m,2\"\"\",user@x.example,2024-03-02T09:00:00.123456Z,m1,acme@social.example,"
            + "acme@social.example;bolt.bsky.social,0,0,0,0,1234\n"));
    }

    [Test]
    public void Writers_write_the_canonical_header_for_no_records()
    {
        var brands = new StringWriter();
        var accounts = new StringWriter();
        var followers = new StringWriter();

        CanonicalCsv.WriteBrands(brands, []);
        CanonicalCsv.WriteAccounts(accounts, []);
        CanonicalCsv.WriteFollowers(followers, []);

        Assert.That(
            new[] { brands.ToString(), accounts.ToString(), followers.ToString() },
            Is.EqualTo(new[] { "brand,name,industry\n", "brand,network,handle\n", "network,handle,date,followers\n" }));
    }

    private static (Post Post, string Mentions) Comparable(Post post) =>
        (post with { Mentions = NoMentions }, string.Join('|', post.Mentions));

    private void WriteFile(string name, Action<TextWriter> write)
    {
        using var writer = new StreamWriter(Path.Combine(_folder, name), append: false, new UTF8Encoding(false));
        write(writer);
    }
}
