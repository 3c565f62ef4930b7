using System.Data.Common;
using System.Text;
using Engagement.Data.Csv;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Export;

/// <summary>How many rows each exported file holds.</summary>
public sealed record ExportReport(string Folder, long Brands, long Accounts, long Posts, long Followers);

/// <summary>
/// Writes the store as a canonical data set: brands.csv, accounts.csv, posts.csv, followers.csv.
/// Rows stream from one read snapshot through the <see cref="CanonicalCsv"/> writers; each file is
/// written beside its final name and moved into place, so a failed export leaves no half file.
/// </summary>
/// <remarks>
/// Importing the export gives the same store, but the files differ from the ones originally
/// imported in form: columns are in canonical order (unknown columns are gone); rows are sorted
/// (brands by id, accounts by (brand, network), posts by (network, post_id), followers by
/// (network, handle, date)) and a key repeated in a source file appears once, with its last
/// row's values; rejected rows are absent; handles (author, in_reply_to_author, mentions,
/// accounts, followers) are normalised (no leading <c>@</c>, lower case); mentions are joined by
/// <c>;</c> without spaces, each handle once, in ordinal order; instants are UTC with <c>Z</c>, microsecond
/// precision at most and no trailing zeros in the fraction; counts left empty in the source are
/// written as <c>0</c>; files are UTF-8 without BOM with LF line ends, quoting only where needed.
/// </remarks>
public sealed class DatasetExporter(IDbConnectionFactory factory)
{
    private const string BrandsSql = """SELECT "id", "name", "industry" FROM "brands" ORDER BY "id" """;
    private const string AccountsSql = """SELECT "brand", "network", "handle" FROM "accounts" ORDER BY "brand", "network" """;
    private static readonly string PostsSql = StoreRows.PostsWithMentionsSql();
    private const string FollowersSql = $"""SELECT {StoreRows.FollowerColumns} FROM "followers" f ORDER BY f."network", f."handle", f."date" """;

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public async Task<ExportReport> ExportAsync(string dir, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dir);
        var folder = Path.GetFullPath(dir);
        Directory.CreateDirectory(folder);
        await using var connection = await factory.OpenAsync(ct);
        // One snapshot: an import running meanwhile cannot leave accounts without their brand.
        await using var transaction = await factory.Dialect.BeginReadAsync(connection, ct);

        var brands = await WriteAsync(connection, transaction, folder, "brands.csv", BrandsSql,
            Rows(row => new Brand(row.GetString(0), row.GetString(1), row.IsDBNull(2) ? null : row.GetString(2))),
            CanonicalCsv.WriteBrands, ct);
        var accounts = await WriteAsync(connection, transaction, folder, "accounts.csv", AccountsSql,
            Rows(row => new Account(row.GetString(0), row.GetString(1), row.GetString(2))),
            CanonicalCsv.WriteAccounts, ct);
        var posts = await WriteAsync(connection, transaction, folder, "posts.csv", PostsSql, StoreRows.ReadPosts, CanonicalCsv.WritePosts, ct);
        var followers = await WriteAsync(
            connection, transaction, folder, "followers.csv", FollowersSql, Rows(StoreRows.ReadFollower), CanonicalCsv.WriteFollowers, ct);
        await transaction.CommitAsync(ct);
        return new ExportReport(folder, brands, accounts, posts, followers);
    }

    private static async Task<long> WriteAsync<T>(
        DbConnection connection, DbTransaction transaction, string folder, string name, string sql,
        Func<DbDataReader, IEnumerable<T>> read, Action<TextWriter, IEnumerable<T>> write, CancellationToken ct)
    {
        var target = Path.Combine(folder, name);
        var partial = target + ".partial";
        long count = 0;
        try
        {
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = sql;
                await using var reader = await command.ExecuteReaderAsync(ct);
                await using var writer = new StreamWriter(partial, append: false, Utf8NoBom, bufferSize: 64 * 1024);
                // The writers pull records synchronously; cancellation is checked between records.
                write(writer, Counted(read(reader)));
            }

            File.Move(partial, target, overwrite: true);
            return count;
        }
        catch
        {
            File.Delete(partial);
            throw;
        }

        IEnumerable<T> Counted(IEnumerable<T> records)
        {
            foreach (var record in records)
            {
                ct.ThrowIfCancellationRequested();
                count++;
                yield return record;
            }
        }
    }

    // A record per row (every file but posts, whose mentions span rows: StoreRows.ReadPosts).
    private static Func<DbDataReader, IEnumerable<T>> Rows<T>(Func<DbDataReader, T> read) => reader => StoreRows.Stream(reader, read);
}
