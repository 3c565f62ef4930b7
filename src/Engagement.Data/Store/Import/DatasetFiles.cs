using Engagement.Domain.Model;

namespace Engagement.Data.Store.Import;

/// <summary>A canonical file to import.</summary>
public sealed record DatasetFile(string Path, DatasetFileKind Kind)
{
    public string FileName => System.IO.Path.GetFileName(Path);
}

/// <summary>Turns the paths given to an import (files or data set folders) into the files to import, in order.</summary>
public static class DatasetFiles
{
    private static readonly (string Name, DatasetFileKind Kind)[] Canonical =
    [
        ("brands.csv", DatasetFileKind.Brands),
        ("accounts.csv", DatasetFileKind.Accounts),
        ("posts.csv", DatasetFileKind.Posts),
        ("followers.csv", DatasetFileKind.Followers),
    ];

    /// <summary>
    /// A folder gives the canonical files it holds (a missing one is empty: skipped); a file must
    /// have a canonical name. All files are then ordered brands, accounts, posts, followers (stable),
    /// so an account may name a brand from any of the given brands files.
    /// </summary>
    public static IReadOnlyList<DatasetFile> Resolve(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new List<DatasetFile>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var given in paths)
        {
            var path = Path.GetFullPath(given);
            if (Directory.Exists(path))
            {
                foreach (var (name, kind) in Canonical)
                {
                    var file = Path.Combine(path, name);
                    if (File.Exists(file) && seen.Add(file))
                    {
                        files.Add(new DatasetFile(file, kind));
                    }
                }
            }
            else if (File.Exists(path))
            {
                var kind = KindOf(path)
                    ?? throw new DomainException($"{given}: not a canonical file name (brands.csv, accounts.csv, posts.csv or followers.csv)");
                if (seen.Add(path))
                {
                    files.Add(new DatasetFile(path, kind));
                }
            }
            else
            {
                throw new DomainException($"{given}: no such file or folder");
            }
        }

        return [.. files.OrderBy(file => file.Kind)];
    }

    private static DatasetFileKind? KindOf(string path)
    {
        var name = Path.GetFileName(path);
        foreach (var (canonical, kind) in Canonical)
        {
            if (string.Equals(name, canonical, StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }

        return null;
    }
}
