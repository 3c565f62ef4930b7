using System.Globalization;
using CsvHelper;
using Engagement.Domain.Model;

namespace Engagement.Data.Csv;

/// <summary>The writers: canonical column order, a header even for no records, LF line ends.</summary>
public static partial class CanonicalCsv
{
    /// <summary>The options every CSV this service writes uses (canonical files and reports alike).</summary>
    public static readonly CsvWriterOptions WriterOptions = CsvWriterOptions.Default with
    {
        Separator = ',',
        Mode = CsvMode.Rfc4180,
        Quoting = CsvQuoting.WhenNeeded,
        // Values are data, not spreadsheet formulas: a name such as "-1" must read back as written.
        Injection = CsvInjection.None,
        NullValue = string.Empty,
        NewLine = "\n",
        WriteByteOrderMark = false,
    };

    public static void WriteBrands(TextWriter writer, IEnumerable<Brand> brands) =>
        Write(writer, brands, brand => new BrandCsvRow { Brand = brand.Id, Name = brand.Name, Industry = brand.Industry });

    public static void WriteAccounts(TextWriter writer, IEnumerable<Account> accounts) =>
        Write(writer, accounts, account => new AccountCsvRow { Brand = account.Brand, Network = account.Network, Handle = account.Handle });

    public static void WritePosts(TextWriter writer, IEnumerable<Post> posts) =>
        Write(writer, posts, ToRow);

    public static void WriteFollowers(TextWriter writer, IEnumerable<FollowerSnapshot> snapshots) =>
        Write(writer, snapshots, snapshot => new FollowerCsvRow
        {
            Network = snapshot.Network,
            Handle = snapshot.Handle,
            Date = CanonicalFormats.FormatDate(snapshot.Date),
            Followers = Text(snapshot.Followers),
        });

    public static PostCsvRow ToRow(Post post)
    {
        ArgumentNullException.ThrowIfNull(post);
        return new PostCsvRow
        {
            Network = post.Network,
            PostId = post.PostId,
            Author = post.Author,
            CreatedAt = CanonicalFormats.FormatInstant(post.CreatedAt),
            InReplyToPost = post.InReplyToPost,
            InReplyToAuthor = post.InReplyToAuthor,
            Mentions = post.Mentions.Count == 0 ? null : string.Join(';', post.Mentions),
            Likes = Text(post.Likes),
            Shares = Text(post.Shares),
            Quotes = Text(post.Quotes),
            Replies = Text(post.Replies),
            Views = post.Views is { } views ? Text(views) : null,
        };
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Write<T, TRow>(TextWriter writer, IEnumerable<T> records, Func<T, TRow> toRow)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(records);
        using var csv = CsvWriter.Create(writer, WriterOptions, leaveOpen: true);
        // Writes the header first, also when there are no records.
        csv.WriteRecords(records.Select(toRow));
    }
}
