using System.Text;
using Engagement.Data.Csv;
using Engagement.Domain.Model;

namespace Engagement.Data.Tests.Csv;

/// <summary>Shortcuts for reading CSV text and finding the spec vectors.</summary>
internal static class CsvTestData
{
    public const string PostsHeader =
        "network,post_id,author,created_at,in_reply_to_post,in_reply_to_author,mentions,likes,shares,quotes,replies,views";

    public static string Vector(params string[] parts) =>
        Path.Combine([TestContext.CurrentContext.TestDirectory, "vectors", .. parts]);

    public static List<CsvRecord<Brand>> Brands(string text) => [.. CanonicalCsv.ReadBrands(new StringReader(text), "brands.csv")];

    public static List<CsvRecord<Account>> Accounts(string text) => [.. CanonicalCsv.ReadAccounts(new StringReader(text), "accounts.csv")];

    public static List<CsvRecord<Post>> Posts(string text) => [.. CanonicalCsv.ReadPosts(new StringReader(text), "posts.csv")];

    public static List<CsvRecord<FollowerSnapshot>> Followers(string text) =>
        [.. CanonicalCsv.ReadFollowers(new StringReader(text), "followers.csv")];

    /// <summary>Reads posts from bytes through the strict UTF-8 decoder, as files are read.</summary>
    public static List<CsvRecord<Post>> PostsFromBytes(byte[] bytes)
    {
        using var reader = CanonicalCsv.OpenText(new MemoryStream(bytes));
        return [.. CanonicalCsv.ReadPosts(reader, "posts.csv")];
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A posts.csv data row with the given columns changed from a valid default.</summary>
    public static string PostRow(
        string network = "mastodon", string postId = "p1", string author = "acme@social.example",
        string createdAt = "2024-03-02T09:00:00Z", string likes = "1", string views = "") =>
        $"{network},{postId},{author},{createdAt},,,,{likes},0,0,0,{views}";

    /// <summary>(file, line, column) of each error, the part of a report that the spec fixes.</summary>
    public static IEnumerable<(string File, int Line, string Column)> Positions(IEnumerable<CsvRowError> errors) =>
        errors.Select(error => (error.File, error.Line, error.Column));

    public static IEnumerable<CsvRowError> ErrorsOf<T>(IEnumerable<CsvRecord<T>> records) =>
        records.SelectMany(record => record.Errors);
}
