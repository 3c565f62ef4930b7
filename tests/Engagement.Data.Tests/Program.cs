using Engagement.Data.Tests.Postgres;

namespace Engagement.Data.Tests;

/// <summary>
/// The test assembly doubles as a collector instance (<c>dotnet Engagement.Data.Tests.dll
/// lease-worker ...</c>, <c>import-worker ...</c>, <c>compact-worker ...</c>), so a test can run several real processes on one database and kill one.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args) => args switch
    {
        ["lease-worker", .. var rest] => await LeaseWorker.RunAsync(rest),
        ["import-worker", var db, var folder] => await Store.FirstLoadJournalTests.ImportWorkerAsync(db, folder),
        ["compact-worker", var db] => await Store.SqliteCompactionTests.CompactWorkerAsync(db),
        _ => 2,
    };
}
