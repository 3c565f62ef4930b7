using System.Text;
using Engagement.Data.Csv;
using static Engagement.Data.Tests.Csv.CsvTestData;

namespace Engagement.Data.Tests.Csv;

/// <summary>Problems that reject a whole file, and that reading stays a single streaming pass.</summary>
public sealed class CanonicalCsvRejectionTests
{
    [Test]
    public void ReadPosts_missing_required_column_rejects_file_naming_it()
    {
        var rejected = Assert.Throws<CsvFileRejectedException>(() => Posts("network,post_id,author,likes\nx,p1,a,1\n"));

        Assert.Multiple(() =>
        {
            Assert.That(rejected!.File, Is.EqualTo("posts.csv"));
            Assert.That(rejected.Reason, Does.StartWith("missing required column(s): created_at (header is: network, post_id"));
            Assert.That(rejected.Message, Does.StartWith("posts.csv: missing required column(s): created_at"));
        });
    }

    [Test]
    public void ReadBrands_required_column_name_with_spaces_is_missing()
    {
        var rejected = Assert.Throws<CsvFileRejectedException>(() => Brands(" brand,name\nacme,Acme\n"));

        Assert.That(rejected!.Reason, Does.StartWith("missing required column(s): brand"));
    }

    [TestCase("brand,name,Brand\n")]
    [TestCase("brand,name,industry,INDUSTRY\n")]
    public void ReadBrands_known_column_twice_rejects_file(string header)
    {
        var rejected = Assert.Throws<CsvFileRejectedException>(() => Brands(header + "acme,Acme,x,y\n"));

        Assert.That(rejected!.Reason, Does.Contain("appears more than once in the header"));
    }

    [Test]
    public void ReadBrands_unknown_column_twice_is_accepted()
    {
        Assert.That(Brands("brand,x,name,x\nacme,1,Acme,2\n").Single().IsValid, Is.True);
    }

    [TestCase("")]
    [TestCase("\nbrand,name\nacme,Acme\n")]
    public void ReadBrands_no_header_rejects_file(string text)
    {
        Assert.Throws<CsvFileRejectedException>(() => Brands(text));
    }

    [TestCase("brand,name\nacme,Ac\0me\n")]
    [TestCase("brand,na\0me\nacme,Acme\n")]
    public void ReadBrands_nul_byte_rejects_file(string text)
    {
        var rejected = Assert.Throws<CsvFileRejectedException>(() => Brands(text));

        Assert.That(rejected!.Reason, Does.Contain("NUL byte"));
    }

    [Test]
    public void ReadPosts_invalid_utf8_rejects_file()
    {
        var bytes = Utf8(PostsHeader + "\n" + PostRow() + "\n").Concat(new byte[] { 0x6D, 0xC3, 0x28, 0x0A }).ToArray();

        var rejected = Assert.Throws<CsvFileRejectedException>(() => PostsFromBytes(bytes));

        Assert.That(rejected!.Reason, Does.StartWith("not UTF-8 text"));
    }

    [Test]
    public void OpenText_skips_utf8_byte_order_mark()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Utf8(PostsHeader + "\n" + PostRow() + "\n")).ToArray();

        Assert.That(PostsFromBytes(bytes).Single().IsValid, Is.True);
    }

    [Test]
    public void OpenText_does_not_accept_utf16()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(PostsHeader + "\n")).ToArray();

        Assert.Throws<CsvFileRejectedException>(() => PostsFromBytes(bytes));
    }

    [Test]
    public void ReadPosts_unterminated_quote_rejects_file_with_its_line()
    {
        var text = $"{PostsHeader}\n{PostRow()}\n{PostRow(postId: "p2")}\nmastodon,p3,a,2024-03-02T09:00:00Z,,,\"open,1,0,0,0,\n{PostRow(postId: "p4")}\n";

        var rejected = Assert.Throws<CsvFileRejectedException>(() => Posts(text));

        Assert.That(rejected!.Reason, Does.Contain("line 4").And.Contain("never closed"));
    }

    [TestCase("acme,\"Acme\"x\n")]
    [TestCase("acme,\"Acme\" \n")]
    [TestCase("\"acme\"\"\n")]
    public void ReadBrands_text_after_closing_quote_rejects_file(string row)
    {
        Assert.Throws<CsvFileRejectedException>(() => Brands("brand,name\n" + row));
    }

    [Test]
    public void ReadPosts_field_over_python_csv_limit_rejects_file()
    {
        var text = $"{PostsHeader}\n{PostRow(postId: new string('p', 131_073))}\n";

        var rejected = Assert.Throws<CsvFileRejectedException>(() => Posts(text));

        Assert.That(rejected!.Reason, Does.Contain("field larger than field limit (131072)"));
    }

    [Test]
    public void ReadPosts_field_at_python_csv_limit_is_read_and_a_post_id_that_long_is_a_rejected_row()
    {
        var text = $"{PostsHeader}\n{PostRow(postId: new string('p', 131_072))}\n";

        // The reader takes the field; the field rules (issue 12) refuse a post id over 256 characters.
        Assert.That(Positions(Posts(text).Single().Errors), Is.EqualTo(new[] { ("posts.csv", 2, "post_id") }));
    }

    [Test]
    public void ReadPosts_rows_before_a_broken_part_are_returned_before_the_rejection()
    {
        var text = new StringBuilder(PostsHeader).Append('\n');
        for (var i = 0; i < 20_000; i++)
        {
            text.Append(PostRow(postId: $"p{i}")).Append('\n');
        }

        text.Append("mastodon,bad,a,2024-03-02T09:00:00Z,,,,1,0,0,0,\0\n");
        using var records = CanonicalCsv.ReadPosts(new StringReader(text.ToString()), "posts.csv").GetEnumerator();

        Assert.That(records.MoveNext(), Is.True);
        Assert.That(records.Current.Value!.PostId, Is.EqualTo("p0"));
        var read = 1;
        Assert.Throws<CsvFileRejectedException>(() =>
        {
            while (records.MoveNext())
            {
                read++;
            }
        });
        Assert.That(read, Is.EqualTo(20_000));
    }

    [Test]
    public void ReadPosts_reads_from_the_text_reader_lazily()
    {
        var source = new CountingReader(new StringReader(PostsHeader + "\n" + string.Concat(
            Enumerable.Range(0, 200_000).Select(i => PostRow(postId: $"p{i}") + "\n"))));

        var first = CanonicalCsv.ReadPosts(source, "posts.csv").First();

        Assert.That(first.Value!.PostId, Is.EqualTo("p0"));
        Assert.That(source.CharsRead, Is.LessThan(1_000_000));
    }

    private sealed class CountingReader(TextReader inner) : TextReader
    {
        public long CharsRead { get; private set; }

        public override int Read(char[] buffer, int index, int count) => Counted(inner.Read(buffer, index, count));

        public override int Read(Span<char> buffer) => Counted(inner.Read(buffer));

        public override int Read()
        {
            var c = inner.Read();
            CharsRead += c < 0 ? 0 : 1;
            return c;
        }

        public override int Peek() => inner.Peek();

        private int Counted(int chars)
        {
            CharsRead += chars;
            return chars;
        }
    }
}
