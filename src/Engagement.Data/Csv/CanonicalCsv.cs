using System.Text;
using Engagement.Domain.Model;

namespace Engagement.Data.Csv;

/// <summary>
/// Reads and writes the four canonical CSV files of docs/data-format.md. The readers stream: one pass,
/// one record at a time. A file-level problem throws <see cref="CsvFileRejectedException"/>,
/// possibly after some records have been returned, so callers stage the records of a file and
/// drop them all on that exception.
/// </summary>
public static partial class CanonicalCsv
{
    // Strict: an undecodable byte throws instead of becoming U+FFFD. The UTF-8 BOM is skipped;
    // other byte order marks are not honoured (the files are UTF-8).
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true);

    /// <param name="rules">The field rules (default: <see cref="FieldRules.Default"/>), as on every reader.</param>
    public static IEnumerable<CsvRecord<Brand>> ReadBrands(TextReader reader, string fileName, FieldRules? rules = null) =>
        Read<BrandCsvRow, Brand>(reader, fileName, CsvFileSchema.Brands, rules, CanonicalRowConverter.ToBrand);

    /// <summary>Field checks only: whether the brand exists and account conflicts are the caller's to check.</summary>
    public static IEnumerable<CsvRecord<Account>> ReadAccounts(TextReader reader, string fileName, FieldRules? rules = null) =>
        Read<AccountCsvRow, Account>(reader, fileName, CsvFileSchema.Accounts, rules, (row, errors) => CanonicalRowConverter.ToAccount(row, errors, null));

    /// <summary>
    /// As <see cref="ReadAccounts(TextReader, string)"/>, and a brand that <paramref name="isKnownBrand"/>
    /// refuses is an error of the row, reported among its other errors where the reference puts it.
    /// </summary>
    public static IEnumerable<CsvRecord<Account>> ReadAccounts(
        TextReader reader, string fileName, Func<string, bool> isKnownBrand, FieldRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(isKnownBrand);
        return Read<AccountCsvRow, Account>(reader, fileName, CsvFileSchema.Accounts, rules, (row, errors) => CanonicalRowConverter.ToAccount(row, errors, isKnownBrand));
    }

    public static IEnumerable<CsvRecord<Post>> ReadPosts(TextReader reader, string fileName, FieldRules? rules = null) =>
        Read<PostCsvRow, Post>(reader, fileName, CsvFileSchema.Posts, rules, CanonicalRowConverter.ToPost);

    public static IEnumerable<CsvRecord<FollowerSnapshot>> ReadFollowers(TextReader reader, string fileName, FieldRules? rules = null) =>
        Read<FollowerCsvRow, FollowerSnapshot>(reader, fileName, CsvFileSchema.Followers, rules, CanonicalRowConverter.ToFollowerSnapshot);

    /// <summary>A reader that decodes UTF-8 strictly (invalid bytes reject the file while it is read); a BOM is skipped.</summary>
    public static TextReader OpenText(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new StreamReader(stream, StrictUtf8, detectEncodingFromByteOrderMarks: false);
    }

    /// <summary>Opens a file for one of the readers, as <see cref="OpenText(Stream)"/>.</summary>
    public static TextReader OpenFile(string path) =>
        OpenText(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan));

    private static IEnumerable<CsvRecord<T>> Read<TRow, T>(
        TextReader reader, string fileName, CsvFileSchema schema, FieldRules? rules, Func<TRow, RowErrorList, T?> convert)
        where T : class
    {
        var checks = rules ?? FieldRules.Default;
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        return Records();

        IEnumerable<CsvRecord<T>> Records()
        {
            using var source = new CsvRowSource<TRow>(reader, fileName, schema);
            source.ReadHeader();
            while (source.MoveNext())
            {
                var line = source.Line;
                if (source.FieldCountProblem is { } problem)
                {
                    yield return new CsvRecord<T>(line, null, [new CsvRowError(fileName, line, "-", problem)]);
                    continue;
                }

                var errors = new RowErrorList(fileName, line, checks);
                var value = convert(source.GetRow(), errors);
                yield return errors.Any ? new CsvRecord<T>(line, null, errors.Errors) : new CsvRecord<T>(line, value, []);
            }
        }
    }
}
