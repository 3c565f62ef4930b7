using Engagement.Data.Csv;
using static Engagement.Data.Tests.Csv.CsvTestData;

namespace Engagement.Data.Tests.Csv;

/// <summary>Header matching, line numbers, blank lines, quoting and field counts.</summary>
public sealed class CanonicalCsvLayoutTests
{
    [Test]
    public void ReadBrands_header_in_any_case_and_order_matches_columns()
    {
        var records = Brands("Industry,NAME,Brand\nretail,Acme,acme\n");

        Assert.That(records.Single().Value, Is.EqualTo(new Domain.Model.Brand("acme", "Acme", "retail")));
    }

    [Test]
    public void ReadBrands_unknown_column_is_ignored()
    {
        var records = Brands("brand,lang,name\nacme,en,Acme\n");

        Assert.That(records.Single().Value, Is.EqualTo(new Domain.Model.Brand("acme", "Acme", null)));
    }

    [Test]
    public void ReadBrands_header_name_with_spaces_does_not_match_optional_column()
    {
        var records = Brands("brand,name, industry\nacme,Acme,Not An Id\n");

        Assert.That(records.Single().Value, Is.EqualTo(new Domain.Model.Brand("acme", "Acme", null)));
    }

    [Test]
    public void ReadPosts_line_numbers_are_physical_lines_across_multiline_quoted_fields()
    {
        var text = PostsHeader + "\n"
            + "mastodon,p1,a,2024-03-02T09:00:00Z,\"x\ny\r\nz\",,,1,0,0,0,\n"
            + "\n"
            + "mastodon,p2,a,2024-03-02T09:00:00Z,,,,1,0,0,0,\n"
            + "\"mastodon\",\"p\n3\",a,2024-03-02T09:00:00Z,,,,1,0,0,0,\n"
            + "mastodon,p4,a,2024-03-02T09:00:00Z,,,,-1,0,0,0,\n";

        var records = Posts(text);

        Assert.Multiple(() =>
        {
            Assert.That(records.Select(record => record.Line), Is.EqualTo(new[] { 2, 6, 7, 9 }));
            Assert.That(records[0].Value!.InReplyToPost, Is.EqualTo("x\ny\r\nz"));
            Assert.That(records[2].Value!.PostId, Is.EqualTo("p\n3"));
            Assert.That(Positions(records[3].Errors), Is.EqualTo(new[] { ("posts.csv", 9, "likes") }));
        });
    }

    [Test]
    public void ReadFollowers_crlf_and_blank_lines_are_counted_but_skipped()
    {
        var records = Followers("network,handle,date,followers\r\n\r\nx,a,2024-05-01,1\r\n\r\n\r\nx,b,2024-05-01,2\r\n");

        Assert.That(records.Select(record => (record.Line, record.Value!.Handle)), Is.EqualTo(new[] { (3, "a"), (6, "b") }));
    }

    [Test]
    public void ReadFollowers_lone_cr_ends_a_line()
    {
        var records = Followers("network,handle,date,followers\rx,a,2024-05-01,1\r\rx,b,2024-05-01,2");

        Assert.That(records.Select(record => record.Line), Is.EqualTo(new[] { 2, 4 }));
    }

    [Test]
    public void ReadBrands_byte_order_mark_is_skipped()
    {
        var records = Brands("\uFEFFbrand,name\nacme,Acme\n");

        Assert.That(records.Single().Value!.Id, Is.EqualTo("acme"));
    }

    [Test]
    public void ReadBrands_quoted_name_keeps_comma_and_doubled_quotes()
    {
        var records = Brands("brand,name\nacme,\"Acme, \"\"the\"\" shop\"\n");

        Assert.That(records.Single().Value!.Name, Is.EqualTo("Acme, \"the\" shop"));
    }

    [Test]
    public void ReadBrands_quote_inside_unquoted_field_is_text()
    {
        var records = Brands("brand,name\nacme,Ac\"me\n");

        Assert.That(records.Single().Value!.Name, Is.EqualTo("Ac\"me"));
    }

    [Test]
    public void ReadBrands_fields_are_not_trimmed()
    {
        var records = Brands("brand,name\nacme, Acme \n");

        Assert.That(records.Single().Value!.Name, Is.EqualTo(" Acme "));
    }

    [Test]
    public void ReadBrands_empty_and_quoted_empty_fields_are_null()
    {
        var records = Brands("brand,name,industry\nacme,\"\",\n");

        Assert.That(Positions(records.Single().Errors), Is.EqualTo(new[] { ("brands.csv", 2, "name") }));
    }

    [TestCase("mastodon,p1,a,2024-03-02T09:00:00Z,,,,1,0,0,0,,extra", "expected 12 fields, found 13")]
    [TestCase("mastodon,p1,a,2024-03-02T09:00:00Z", "expected 12 fields, found 4")]
    [TestCase(" ", "expected 12 fields, found 1")]
    public void ReadPosts_wrong_field_count_is_a_row_error_with_column_dash(string row, string reason)
    {
        var records = Posts($"{PostsHeader}\n{row}\n{PostRow(postId: "ok")}\n");

        Assert.Multiple(() =>
        {
            Assert.That(records[0].Errors.Single(), Is.EqualTo(new CsvRowError("posts.csv", 2, "-", reason)));
            Assert.That(records[0].Errors.Single().ToString(), Is.EqualTo($"posts.csv:2: column -: {reason}"));
            Assert.That(records[1].Value!.PostId, Is.EqualTo("ok"));
        });
    }

    [Test]
    public void ReadPosts_header_only_gives_no_records()
    {
        Assert.That(Posts(PostsHeader + "\n"), Is.Empty);
    }

    [Test]
    public void ReadPosts_only_required_columns_give_defaults()
    {
        var post = Posts("network,post_id,author,created_at\nx,p1,@Ann,2024-03-02T09:00:00Z\n").Single().Value!;

        Assert.Multiple(() =>
        {
            Assert.That((post.Likes, post.Shares, post.Quotes, post.Replies, post.Views), Is.EqualTo((0L, 0L, 0L, 0L, (long?)null)));
            Assert.That(post.Author, Is.EqualTo("ann"));
            Assert.That(post.Mentions, Is.Empty);
            Assert.That(post.InReplyToPost, Is.Null);
        });
    }
}
