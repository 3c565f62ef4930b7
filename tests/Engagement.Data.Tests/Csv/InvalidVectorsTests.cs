using System.Text.RegularExpressions;
using Engagement.Data.Csv;
using Engagement.Domain.Model;
using static Engagement.Data.Tests.Csv.CsvTestData;

namespace Engagement.Data.Tests.Csv;

/// <summary>spec/vectors/invalid: what the importer must say about each malformed data set.</summary>
public sealed partial class InvalidVectorsTests
{
    private static readonly string[] AllPostIds = ["m1", "m2", "m3", "m4", "b1", "b2", "b3"];

    private static readonly Account[] ValidAccounts =
    [
        new("acme", "mastodon", "acme@social.example"),
        new("bolt", "bluesky", "bolt.bsky.social"),
    ];

    [TestCase("missing-column", "missing required column(s): created_at")]
    [TestCase("binary-file", "not UTF-8 text")]
    [TestCase("unterminated-quote", "line 5")]
    public void Load_file_level_case_rejects_posts_and_keeps_other_files(string folder, string problem)
    {
        var data = DatasetLoader.Load(Vector("invalid", folder));

        Assert.Multiple(() =>
        {
            Assert.That(data.FileErrors.Select(error => error.File), Is.EqualTo(new[] { "posts.csv" }));
            Assert.That(data.FileErrors.Single().Reason, Does.Contain(problem));
            Assert.That(data.Posts, Is.Empty);
            Assert.That(data.RowErrors, Is.Empty);
            Assert.That(data.Brands.Select(brand => brand.Id), Is.EqualTo(new[] { "acme", "bolt" }));
            Assert.That(data.Accounts, Is.EqualTo(ValidAccounts));
            Assert.That(data.Followers, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public void Load_unterminated_quote_says_the_quote_never_closes()
    {
        var data = DatasetLoader.Load(Vector("invalid", "unterminated-quote"));

        Assert.That(data.FileErrors.Single().Message, Does.StartWith("posts.csv: ").And.Contain("never closed"));
    }

    [TestCase("negative-likes", new[] { "m2" })]
    [TestCase("bad-timestamp", new[] { "m2", "m3", "b1" })]
    [TestCase("unknown-brand", new string[0])]
    [TestCase("bad-values", new string[0])]
    [TestCase("wrong-field-count", new[] { "m3" })]
    [TestCase("account-conflict", new string[0])]
    public void Load_row_case_reports_the_reference_positions_and_keeps_valid_rows(string folder, string[] rejectedPosts)
    {
        var data = DatasetLoader.Load(Vector("invalid", folder));
        var expected = ReferenceErrors(folder);

        Assert.Multiple(() =>
        {
            Assert.That(data.FileErrors, Is.Empty);
            Assert.That(Positions(data.RowErrors), Is.EqualTo(Positions(expected)));
            Assert.That(data.RowErrors.Select(error => error.Reason), Has.All.Not.Empty);
            Assert.That(data.Posts.Select(post => post.PostId), Is.EquivalentTo(AllPostIds.Except(rejectedPosts)));
            Assert.That(data.Brands.Select(brand => brand.Id), Is.EqualTo(new[] { "acme", "bolt" }));
            Assert.That(data.Accounts, Is.EqualTo(ValidAccounts));
            Assert.That(data.Followers, Has.Count.EqualTo(2));
        });
    }

    // The wording is free by the spec; ours is the reference's, which this pins down.
    [TestCase("negative-likes")]
    [TestCase("bad-timestamp")]
    [TestCase("unknown-brand")]
    [TestCase("bad-values")]
    [TestCase("wrong-field-count")]
    [TestCase("account-conflict")]
    public void Load_row_case_reasons_match_the_reference_wording(string folder)
    {
        var data = DatasetLoader.Load(Vector("invalid", folder));

        Assert.That(data.RowErrors, Is.EqualTo(ReferenceErrors(folder)));
    }

    [Test]
    public void Load_duplicate_post_id_keeps_the_last_row_once()
    {
        var data = DatasetLoader.Load(Vector("invalid", "duplicate-post-id"));

        var m1 = data.Posts.Where(post => post.PostId == "m1").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(data.RowErrors, Is.Empty);
            Assert.That(data.FileErrors, Is.Empty);
            Assert.That(data.Posts, Has.Count.EqualTo(7));
            Assert.That(m1.Select(post => (post.Likes, post.Shares, post.Quotes, post.Replies)), Is.EqualTo(new[] { (12L, 3L, 0L, 5L) }));
        });
    }

    [GeneratedRegex(@"^(?<file>[^:]+):(?<line>[0-9]+): column (?<column>[^:]+): (?<reason>.+)$")]
    private static partial Regex ReportLine();

    private static List<CsvRowError> ReferenceErrors(string folder) =>
        File.ReadAllLines(Vector("invalid", folder, "stderr-lenient.txt"))
            .Where(line => line.Length > 0)
            .Select(line => ReportLine().Match(line) is { Success: true } match ? match : throw new FormatException($"not a report line: {line}"))
            .Select(match => new CsvRowError(
                match.Groups["file"].Value, int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
                match.Groups["column"].Value, match.Groups["reason"].Value))
            .ToList();
}
