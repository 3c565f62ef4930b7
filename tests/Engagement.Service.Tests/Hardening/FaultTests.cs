using System.Net;
using System.Net.Http.Json;
using Engagement.Service.Tests.Cli;
using Engagement.Service.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Engagement.Service.Tests.Hardening;

/// <summary>
/// Issue 12, item 8: a store or disk fault is a clear error, never a stack trace: the CLI exits 2
/// with one line, the API answers 503 with a problem document, /health says unhealthy (and
/// /health/live stays up). Before, each of these printed or logged a stack trace and the API answered 500.
/// </summary>
public class CliFaultTests
{
    [Test]
    public async Task Db_that_is_not_a_database_exits_2_with_one_line()
    {
        using var cli = new CliRunner();
        var path = Path.Combine(cli.Folder, "notes.db");
        await File.WriteAllTextAsync(path, string.Concat(Enumerable.Repeat("these are notes, not a database\n", 200)));

        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Engagement.Service.Cli.EngagementCli.RunAsync(
            ["report", "--all", "--db", path], new Engagement.Service.Cli.CliContext(output, error, interactive: false));

        Assert.That(code, Is.EqualTo(2), error.ToString());
        Assert.That(error.ToString().Trim().Split('\n'), Has.Length.EqualTo(1), error.ToString());
        Assert.That(error.ToString(), Does.Contain("not a SQLite database").And.Not.Contain(" at "));
        Assert.That(await File.ReadAllTextAsync(path), Does.StartWith("these are notes"), "the file is left as it was");
    }

    [Test]
    public async Task Db_in_a_folder_that_cannot_exist_exits_2_with_one_line()
    {
        using var cli = new CliRunner();
        var file = Path.Combine(cli.Folder, "a-file");
        await File.WriteAllTextAsync(file, "x");

        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Engagement.Service.Cli.EngagementCli.RunAsync(
            ["import", CliRunner.Vector("basic"), "--db", Path.Combine(file, "sub", "store.db")], new Engagement.Service.Cli.CliContext(output, error, interactive: false));

        Assert.That(code, Is.EqualTo(2), $"{output}\n{error}");
        Assert.That(error.ToString().Trim().Split('\n'), Has.Length.EqualTo(1), error.ToString());
        Assert.That(error.ToString(), Does.StartWith("error: ").And.Not.Contain(" at Engagement"));
    }
}

/// <summary>The service's store broken under it.</summary>
public class ApiFaultTests : ApiFixture
{
    [Test]
    public async Task Store_that_stops_being_a_database_gives_503_problems_and_unhealthy()
    {
        Assert.That((await Reader.GetAsync("/api/v1/brands")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "-wal", "-shm" })
        {
            File.Delete(Factory.DatabasePath + suffix);
        }

        await File.WriteAllBytesAsync(Factory.DatabasePath, [.. Enumerable.Repeat((byte)'x', 8192)]);

        await Problems.AssertAsync(await Reader.GetAsync("/api/v1/brands"), HttpStatusCode.ServiceUnavailable);
        await Problems.AssertAsync(await Admin.PostAsJsonAsync("/api/v1/brands", new { id = "during-fault", name = "Fault" }), HttpStatusCode.ServiceUnavailable);
        Assert.That((await Anonymous.GetAsync("/health")).StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That((await Anonymous.GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That((await Anonymous.GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
