using Engagement.Service.Tests.Postgres;

namespace Engagement.Service.Tests.Cli;

/// <summary><c>import</c>: counts, every rejected row, exit codes (spec/vectors/invalid).</summary>
[TestFixtureSource(typeof(StoreProviders), nameof(StoreProviders.All))]
public class ImportCommandTests(string provider)
{
    [Test]
    public async Task Import_twice_stores_nothing_the_second_time()
    {
        using var cli = new CliRunner(provider);
        var first = await cli.RunAsync("import", CliRunner.Vector("basic"));
        var second = await cli.RunAsync("import", CliRunner.Vector("basic"));
        Assert.That(first.Code, Is.Zero, first.ToString());
        Assert.That(first.Output, Does.Contain("posts.csv: 101 stored, 0 updated"));
        Assert.That(second.Code, Is.Zero);
        Assert.That(second.Output, Does.Contain("total: 0 stored, 0 updated, 0 rejected"));
    }

    [TestCase("missing-column", "created_at")]
    [TestCase("binary-file", "not UTF-8")]
    [TestCase("unterminated-quote", "line 5: a quoted field is opened and never closed")]
    public async Task Import_of_a_malformed_file_rejects_it_whole_with_exit_2(string folder, string named)
    {
        using var cli = new CliRunner(provider);
        var result = await cli.RunAsync("import", CliRunner.Vector($"invalid/{folder}"));
        Assert.That(result.Code, Is.EqualTo(2), result.ToString());
        Assert.That(result.Output, Does.Contain("posts.csv: REJECTED, nothing stored: ").And.Contain(named));
        Assert.That(result.Output, Does.Contain("brands.csv: 2 stored"), "the other files are still imported");

        var export = await cli.RunAsync("export", Path.Combine(cli.Folder, "out"));
        Assert.That(export.Output, Does.Contain(" 0 posts"), "nothing of the rejected file is stored");
    }

    [TestCase("negative-likes")]
    [TestCase("bad-timestamp")]
    [TestCase("unknown-brand")]
    [TestCase("bad-values")]
    [TestCase("wrong-field-count")]
    [TestCase("account-conflict")]
    public async Task Import_lists_every_rejected_row_with_file_line_column_and_exits_3(string folder)
    {
        using var cli = new CliRunner(provider);
        var result = await cli.RunAsync("import", CliRunner.Vector($"invalid/{folder}"));
        Assert.That(result.Code, Is.EqualTo(3), result.ToString());
        var expected = File.ReadAllLines(Path.Combine(CliRunner.Vector($"invalid/{folder}"), "stderr-lenient.txt"))
            .Select(line => line[..(line.IndexOf(": column ", StringComparison.Ordinal) + ": column ".Length)] + line.Split(": column ")[1].Split(':')[0]);
        foreach (var prefix in expected)
        {
            Assert.That(result.Output, Does.Contain("rejected " + prefix), $"missing {prefix}");
        }
    }

    [Test]
    public async Task Import_of_a_missing_path_is_a_usage_error()
    {
        using var cli = new CliRunner(provider);
        var result = await cli.RunAsync("import", Path.Combine(cli.Folder, "nope"));
        Assert.That(result.Code, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("no such file or folder"));
    }

    [Test]
    public async Task Export_then_import_into_a_fresh_store_gives_the_same_report()
    {
        using var source = new CliRunner(provider);
        await source.RunAsync("import", CliRunner.Vector("edge-cases"));
        var exported = Path.Combine(source.Folder, "export");
        var export = await source.RunAsync("export", exported);
        Assert.That(export.Code, Is.Zero, export.ToString());
        Assert.That(Directory.GetFiles(exported).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "accounts.csv", "brands.csv", "followers.csv", "posts.csv" }));

        using var copy = new CliRunner(provider);
        var import = await copy.RunAsync("import", exported);
        Assert.That(import.Code, Is.Zero, import.ToString());
        string[] report = ["report", "--all", "--format", "json", "--from", "2024-05-01", "--to", "2024-05-15"];
        Assert.That((await copy.RunAsync(report)).Output, Is.EqualTo((await source.RunAsync(report)).Output));
    }
}
