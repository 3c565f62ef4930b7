using Engagement.Service.Tests.Postgres;
using Microsoft.Data.Sqlite;

namespace Engagement.Service.Tests.Cli;

/// <summary><c>compact</c>: what it prints on each engine, a report byte for byte the same after it, its errors and exit codes.</summary>
[TestFixtureSource(typeof(StoreProviders), nameof(StoreProviders.All))]
public class CompactCommandTests(string provider)
{
    private static readonly string[] Report = ["report", "--all", "--format", "json", "--from", "2024-03-01", "--to", "2024-03-11"];

    [Test]
    public async Task Compact_says_what_it_did_and_a_report_is_byte_identical_after_it()
    {
        using var cli = new CliRunner(provider);
        Assert.That((await cli.RunAsync("import", CliRunner.Vector("benchmarks"))).Code, Is.Zero);
        var before = await cli.RunAsync(Report);
        Assert.That(before.Code, Is.Zero, before.ToString());

        var compact = await cli.RunAsync("compact");

        Assert.That(compact.Code, Is.Zero, compact.ToString());
        if (provider == StoreProviders.Postgres)
        {
            Assert.That(compact.Output, Does.Match(@"^vacuumed and analyzed \d+ tables in \d+\.\d s: \d+\.\d MB before, \d+\.\d MB after\n"));
            Assert.That(compact.Output, Does.Contain("PostgreSQL keeps the files' size"));
        }
        else
        {
            Assert.That(compact.Output, Does.Match(@"^compacted in \d+\.\d s: \d+\.\d MB before, \d+\.\d MB after \(-?\d+\.\d MB, -?\d+\.\d % freed\)\n$"));
        }

        var after = await cli.RunAsync(Report);
        Assert.That(after.Output, Is.EqualTo(before.Output), "the same document, byte for byte");
    }

    [TestCase("-1")]
    [TestCase("86401")]
    public async Task Compact_with_a_wait_out_of_range_is_a_usage_error(string wait)
    {
        using var cli = new CliRunner(provider);
        var result = await cli.RunAsync("compact", "--wait", wait);
        Assert.That(result.Code, Is.EqualTo(2), result.ToString());
        Assert.That(result.Error, Does.Contain($"--wait: {wait} is out of range; give the seconds to wait for other writers, 0 to 86400"));
    }

    [Test]
    public async Task Help_lists_compact_with_its_cost()
    {
        using var cli = new CliRunner(provider);
        var help = await cli.RunAsync("--help");
        Assert.That(help.Output, Does.Contain("compact").And.Contain("needs free disk about the store's size"));
        var own = await cli.RunAsync("compact", "--help");
        Assert.That(own.Output, Does.Contain("--wait"));
    }
}

/// <summary><c>compact</c> on SQLite only: a store file that is not there, a writer holding the file.</summary>
public class CompactCommandSqliteTests
{
    private static readonly string[] Report = ["report", "--all", "--format", "json", "--from", "2024-03-01", "--to", "2024-03-11"];

    [Test]
    public async Task Compact_moves_a_store_made_with_4096_byte_pages_to_the_standard_size_and_a_report_is_byte_identical_after_it()
    {
        using var cli = new CliRunner();
        Directory.CreateDirectory(Path.GetDirectoryName(cli.Database)!);
        using (var old = new SqliteConnection($"Data Source={cli.Database};Pooling=False"))
        {
            // A store made before issue 16: SQLite's default page size, fixed by the first page written.
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = "PRAGMA page_size = 4096; PRAGMA journal_mode = WAL;";
            create.ExecuteNonQuery();
        }

        Assert.That((await cli.RunAsync("import", CliRunner.Vector("benchmarks"))).Code, Is.Zero);
        Assert.That(PageSize(cli.Database), Is.EqualTo(4096), "an existing store keeps its page size");
        var before = await cli.RunAsync(Report);
        Assert.That(before.Code, Is.Zero, before.ToString());

        var compact = await cli.RunAsync("compact");

        Assert.That(compact.Code, Is.Zero, compact.ToString());
        Assert.That(compact.Output, Does.Contain($"pages of 4096 bytes rebuilt at {Engagement.Data.Store.SqliteDialect.PageSize} bytes, the size new stores are made with"));
        Assert.That(PageSize(cli.Database), Is.EqualTo(Engagement.Data.Store.SqliteDialect.PageSize));
        Assert.That((await cli.RunAsync(Report)).Output, Is.EqualTo(before.Output), "the same document, byte for byte");
        var again = await cli.RunAsync("compact");
        Assert.That(again.Output, Does.Not.Contain("rebuilt at"), "converted once");
    }

    [Test]
    public async Task Compact_of_a_store_that_does_not_exist_creates_nothing_and_exits_2()
    {
        using var cli = new CliRunner();
        var result = await cli.RunAsync("compact");
        Assert.That(result.Code, Is.EqualTo(2), result.ToString());
        Assert.That(result.Error, Does.Contain("no store at"));
        Assert.That(File.Exists(cli.Database), Is.False);
    }

    [Test]
    public async Task Compact_against_a_writer_holding_the_store_exits_2_saying_so_and_the_store_is_as_it_was()
    {
        using var cli = new CliRunner();
        Assert.That((await cli.RunAsync("import", CliRunner.Vector("basic"))).Code, Is.Zero);
        var before = await cli.RunAsync(Report);
        using (var writer = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = cli.Database, Pooling = false }.ToString()))
        {
            writer.Open();
            using var hold = writer.CreateCommand();
            hold.CommandText = """BEGIN IMMEDIATE; UPDATE "data_version" SET "version" = "version" """;
            hold.ExecuteNonQuery();

            var result = await cli.RunAsync("compact", "--wait", "0");

            Assert.That(result.Code, Is.EqualTo(2), result.ToString());
            Assert.That(result.Error, Does.StartWith("error: the store is busy").And.Contain("--wait").And.Contain("nothing was changed"));
        }

        Assert.That((await cli.RunAsync(Report)).Output, Is.EqualTo(before.Output));
        Assert.That((await cli.RunAsync("compact")).Code, Is.Zero);
    }

    private static long PageSize(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_size";
        return (long)command.ExecuteScalar()!;
    }
}
