using Engagement.Data.Csv;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Import;

/// <summary>The four canonical files, in the order a data set is imported (accounts need brands).</summary>
public enum DatasetFileKind
{
    Brands,
    Accounts,
    Posts,
    Followers,
}

/// <summary>
/// What importing one file did. Each valid row of the file is counted once, in exactly one of
/// <see cref="Stored"/> (a new row), <see cref="Updated"/> (a stored row it changed or replaced),
/// <see cref="Unchanged"/> (a stored row it repeats) or <see cref="Repeated"/> (a key already
/// seen earlier in the same file: the last such row wins and the earlier ones count here);
/// <see cref="Rejected"/> counts the invalid rows, whose errors are listed in <see cref="Errors"/> up to
/// <see cref="ImportSettings.MaxListedErrors"/>; <see cref="ErrorsNotListed"/> counts the errors past it.
/// A file rejected as a whole has <see cref="FileRejection"/> set and every count 0: nothing of it is stored.
/// </summary>
public sealed record FileImportResult(
    string Path,
    DatasetFileKind Kind,
    long Stored,
    long Updated,
    long Unchanged,
    long Repeated,
    long Rejected,
    IReadOnlyList<CsvRowError> Errors,
    string? FileRejection,
    long ErrorsNotListed = 0)
{
    public bool IsFileRejected => FileRejection is not null;

    public static FileImportResult RejectedFile(string path, DatasetFileKind kind, string reason) =>
        new(path, kind, 0, 0, 0, 0, 0, [], reason);
}

/// <summary>The results of an import, one per file in the order they were imported.</summary>
public sealed record ImportReport(IReadOnlyList<FileImportResult> Files)
{
    public long Stored => Files.Sum(file => file.Stored);

    public long Updated => Files.Sum(file => file.Updated);

    public long Rejected => Files.Sum(file => file.Rejected);

    /// <summary>True when a row or a whole file was rejected.</summary>
    public bool HasProblems => Files.Any(file => file.IsFileRejected || file.Rejected > 0);
}

/// <summary>Progress of the file being imported: rows read so far, and once more when it is done.</summary>
public sealed record ImportProgress(string Path, DatasetFileKind Kind, long RowsRead, bool Completed);

/// <summary>How an import checks rows and how many row errors it lists per file (the rest are counted).</summary>
public sealed record ImportSettings(FieldRules Rules, int MaxListedErrors = ImportSettings.DefaultMaxListedErrors)
{
    /// <summary>The workspace that tracks the imported brands; accounts.csv may only name brands it tracks.</summary>
    public string Workspace { get; init; } = Repositories.WorkspaceRepository.Default;

    /// <summary>
    /// Whether the import may change a brand other workspaces track too (its name, industry and
    /// accounts): the operators' imports may, a workspace key's may not (one tenant never changes
    /// what another sees). False keeps such a brand as stored and refuses rows adding accounts to it.
    /// </summary>
    public bool ChangesShared { get; init; } = true;

    public const int DefaultMaxListedErrors = 1000;

    public static ImportSettings For(TimeProvider clock) => new(new FieldRules(new FieldLimits(), clock));
}

/// <summary>The counts of one file while it is imported; errors past the limit are only counted.</summary>
internal sealed class ImportCounts(int maxListedErrors)
{
    public long Stored { get; set; }

    public long Updated { get; set; }

    public long Unchanged { get; set; }

    public long Repeated { get; set; }

    public long Rejected { get; private set; }

    public List<CsvRowError> Errors { get; } = [];

    public long ErrorsNotListed { get; private set; }

    public void Reject(IEnumerable<CsvRowError> errors)
    {
        Rejected++;
        foreach (var error in errors)
        {
            if (Errors.Count < maxListedErrors)
            {
                Errors.Add(error);
            }
            else
            {
                ErrorsNotListed++;
            }
        }
    }

    // In line order: accounts.csv finds some rows' conflicts only after reading the file.
    public FileImportResult ToResult(string path, DatasetFileKind kind) =>
        new(path, kind, Stored, Updated, Unchanged, Repeated, Rejected, [.. Errors.OrderBy(e => e.Line)], null, ErrorsNotListed);
}
