using System.Text;
using CsCheck;
using Engagement.Data.Csv;

namespace Engagement.Data.Tests.Hardening;

/// <summary>
/// Issue 12, item 11: the CSV reader over any bytes gives rows or a clear rejection of the file,
/// never another exception; and the field rules hold on every row it returns.
/// </summary>
public sealed class CsvReaderFuzzTests
{
    private const string PostsHeader = "network,post_id,author,created_at,in_reply_to_post,in_reply_to_author,mentions,likes,shares,quotes,replies,views\n";

    // Mostly the characters CSV and the formats care about, so the reader's paths are all taken.
    private static readonly Gen<string> CsvLike = Gen.String[Gen.OneOf("a,\"\n\r;@ 0123456789-:TZ.+\0é\ud800x".ToCharArray()), 0, 400];

    private static readonly Gen<byte[]> AnyBytes = Gen.OneOf(
        Gen.Byte.Array[0, 600],
        CsvLike.Select(text => Encoding.UTF8.GetBytes(PostsHeader + text)),
        CsvLike.Select(text => Encoding.UTF8.GetBytes("brand,name,industry\n" + text)));

    [Test]
    public void Any_bytes_give_rows_or_a_file_rejection_never_another_exception()
    {
        AnyBytes.Sample(bytes =>
        {
            foreach (var read in new Func<TextReader, int>[]
            {
                reader => CanonicalCsv.ReadPosts(reader, "posts.csv").Count(),
                reader => CanonicalCsv.ReadBrands(reader, "brands.csv").Count(),
                reader => CanonicalCsv.ReadAccounts(reader, "accounts.csv").Count(),
                reader => CanonicalCsv.ReadFollowers(reader, "followers.csv").Count(),
            })
            {
                using var reader = CanonicalCsv.OpenText(new MemoryStream(bytes));
                try
                {
                    read(reader);
                }
                catch (CsvFileRejectedException rejected)
                {
                    Assert.That(rejected.Reason, Is.Not.Empty);
                }
            }
        }, iter: 3000);
    }

    [Test]
    public void Every_post_the_reader_accepts_is_within_the_rules()
    {
        var rows = Gen.Select(
            Gen.OneOf("2024-03-05T14:03:00Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00+01:00", "1999-12-31T23:59:59Z", "2000-01-01T00:00:00Z"),
            Gen.String[Gen.Char['\0', '\u00ff'], 1, 20]);
        rows.Sample((created, author) =>
        {
            var text = $"network,post_id,author,created_at\nx,p1,\"{author.Replace("\"", "\"\"", StringComparison.Ordinal)}\",{created}\n";
            List<CsvRecord<Engagement.Domain.Model.Post>> records;
            try
            {
                records = [.. CanonicalCsv.ReadPosts(new StringReader(text), "posts.csv")];
            }
            catch (CsvFileRejectedException)
            {
                return;
            }

            foreach (var post in records.Select(r => r.Value).OfType<Engagement.Domain.Model.Post>())
            {
                Assert.That(Engagement.Domain.Model.FieldRules.Default.InstantProblem(post.CreatedAt), Is.Null);
                Assert.That(Engagement.Domain.Model.FieldRules.Default.HandleProblem(post.Author), Is.Null);
            }
        }, iter: 2000);
    }
}
