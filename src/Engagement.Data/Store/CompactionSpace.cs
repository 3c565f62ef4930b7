using Engagement.Domain.Model;

namespace Engagement.Data.Store;

/// <summary>
/// The free disk a SQLite VACUUM needs, checked before it starts: it builds the packed copy in a
/// temporary file (SQLite's temporary folder) and then writes every page of it into the WAL next
/// to the store (converting the page size: the old pages into the rollback journal), so up to the
/// store's size in each place (twice on one disk). A VACUUM that runs out of disk anyway fails
/// with SQLITE_FULL and leaves the store as it was.
/// </summary>
internal static class CompactionSpace
{
    public static void EnsureFor(string store, long bytes)
    {
        var storeFolder = Path.GetDirectoryName(Path.GetFullPath(store)) ?? ".";
        var tempFolder = SqliteTempFolder(storeFolder);
        var storeDrive = new DriveInfo(storeFolder);
        var tempDrive = new DriveInfo(tempFolder);
        // On Unix a DriveInfo is the folder itself (statvfs of it), not its mount point: two folders
        // reporting the same size and free space are taken to be on one file system.
        var sameDisk = storeDrive.TotalSize == tempDrive.TotalSize && Math.Abs(storeDrive.AvailableFreeSpace - tempDrive.AvailableFreeSpace) < 64L << 20;
        // The rebuilt pages go to the WAL, or when compact converts the page size, the old ones to the rollback journal: as many either way.
        const string Log = "the WAL or the rollback journal";
        Check(storeDrive, storeFolder, sameDisk ? 2 * bytes : bytes, sameDisk ? $" ({Log} there and the temporary copy in {tempFolder})" : $" ({Log})");
        if (!sameDisk)
        {
            Check(tempDrive, tempFolder, bytes, " (SQLite's temporary copy; SQLITE_TMPDIR chooses the folder)");
        }
    }

    private static void Check(DriveInfo drive, string folder, long needed, string what)
    {
        if (drive.AvailableFreeSpace < needed)
        {
            throw new DomainException(
                $"not enough free disk to compact: {Mb(needed)} MB needed in {folder}{what}, {Mb(drive.AvailableFreeSpace)} MB free; nothing was changed");
        }
    }

    // Where SQLite (unix) puts its temporary files: SQLITE_TMPDIR, TMPDIR, then the first of these folders that exists.
    private static string SqliteTempFolder(string fallback)
    {
        foreach (var candidate in new[] { Environment.GetEnvironmentVariable("SQLITE_TMPDIR"), Environment.GetEnvironmentVariable("TMPDIR"), "/var/tmp", "/usr/tmp", "/tmp" })
        {
            if (candidate is { Length: > 0 } && Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return OperatingSystem.IsWindows() ? Path.GetTempPath() : fallback;
    }

    private static string Mb(long bytes) => (bytes / 1e6).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}
