using Engagement.Domain.Model;

namespace Engagement.Data.Csv;

/// <summary>
/// A data set read into memory: the valid records after the "last row wins" and account rules,
/// the rejected rows (brands, accounts, posts, followers, each in line order) and the rejected files.
/// </summary>
public sealed record LoadedDataset(
    IReadOnlyList<Brand> Brands,
    IReadOnlyList<Account> Accounts,
    IReadOnlyList<Post> Posts,
    IReadOnlyList<FollowerSnapshot> Followers,
    IReadOnlyList<CsvRowError> RowErrors,
    IReadOnlyList<CsvFileRejectedException> FileErrors);
