using Engagement.Domain.Model;

namespace Engagement.Data.Csv;

/// <summary>
/// Loads a data set folder into memory (tests, reports on a folder), with the import rules of
/// docs/data-format.md: a missing file is empty; a repeated brand, post or snapshot key keeps the last
/// row (in the position of the first); accounts must name a known brand and must not conflict;
/// a rejected file contributes nothing, not even row errors, and the other files still load.
/// </summary>
public sealed class DatasetLoader
{
    public const string BrandsFile = "brands.csv";
    public const string AccountsFile = "accounts.csv";
    public const string PostsFile = "posts.csv";
    public const string FollowersFile = "followers.csv";

    private readonly string _folder;
    private readonly List<CsvRowError> _rowErrors = [];
    private readonly List<CsvFileRejectedException> _fileErrors = [];

    private DatasetLoader(string folder) => _folder = folder;

    /// <param name="knownBrands">Brands that exist already (stored), which accounts may name too.</param>
    public static LoadedDataset Load(string folder, IReadOnlySet<string>? knownBrands = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        return new DatasetLoader(folder).LoadAll(knownBrands ?? new HashSet<string>(StringComparer.Ordinal));
    }

    private LoadedDataset LoadAll(IReadOnlySet<string> knownBrands)
    {
        var brands = Stage(BrandsFile, (reader, file) => Keep(CanonicalCsv.ReadBrands(reader, file), brand => brand.Id));
        var accounts = Stage(AccountsFile, (reader, file) => StageAccounts(
            CanonicalCsv.ReadAccounts(reader, file, brand => brands.ContainsKey(brand) || knownBrands.Contains(brand)), file));
        var posts = Stage(PostsFile, (reader, file) => Keep(CanonicalCsv.ReadPosts(reader, file), post => (post.Network, post.PostId)));
        var followers = Stage(FollowersFile, (reader, file) => Keep(
            CanonicalCsv.ReadFollowers(reader, file), snapshot => (snapshot.Network, snapshot.Handle, snapshot.Date)));
        return new LoadedDataset(
            [.. brands.Values], accounts, [.. posts.Values], [.. followers.Values], _rowErrors, _fileErrors);
    }

    // The rows of one file are staged with their errors and kept only when the whole file reads.
    private TResult Stage<TResult>(string file, Func<TextReader, string, (TResult Result, List<CsvRowError> Errors)> read)
        where TResult : new()
    {
        var path = Path.Combine(_folder, file);
        if (!File.Exists(path))
        {
            return new TResult();
        }

        try
        {
            using var reader = CanonicalCsv.OpenFile(path);
            var (result, errors) = read(reader, file);
            _rowErrors.AddRange(errors);
            return result;
        }
        catch (CsvFileRejectedException rejected)
        {
            _fileErrors.Add(rejected);
            return new TResult();
        }
    }

    private static (OrderedDictionary<TKey, T> Result, List<CsvRowError> Errors) Keep<TKey, T>(
        IEnumerable<CsvRecord<T>> records, Func<T, TKey> keyOf)
        where TKey : notnull
    {
        var kept = new OrderedDictionary<TKey, T>();
        var errors = new List<CsvRowError>();
        foreach (var record in records)
        {
            if (record.Value is { } value)
            {
                kept[keyOf(value)] = value;
            }
            else
            {
                errors.AddRange(record.Errors);
            }
        }

        return (kept, errors);
    }

    private static (List<Account> Result, List<CsvRowError> Errors) StageAccounts(IEnumerable<CsvRecord<Account>> records, string file)
    {
        var registry = new AccountRegistry();
        var accounts = new List<Account>();
        var errors = new List<CsvRowError>();
        foreach (var record in records)
        {
            if (record.Value is not { } account)
            {
                errors.AddRange(record.Errors);
                continue;
            }

            // An identical repeat, in any spelling of the handle, is the same account: stored once.
            if (registry.Contains(account))
            {
                continue;
            }

            if (registry.TryAdd(account) is { } conflict)
            {
                errors.Add(new CsvRowError(file, record.Line, conflict.Column, conflict.Reason));
            }
            else
            {
                accounts.Add(account);
            }
        }

        return (accounts, errors);
    }
}
