using System.Text;
using Engagement.Service.Tests.Cli;

namespace Engagement.Service.Tests.Hardening;

/// <summary>Issue 12, items 1-3 on the command line: the same windows, instants and error limits as the API.</summary>
public class CliLimitsTests
{
    [TestCase("1000-01-01", "2096-01-01")]
    [TestCase("0001-01-01", "9999-12-31")]
    [TestCase("2020-01-01", "2024-03-11")]
    public async Task Report_window_out_of_range_or_too_long_exits_2_with_one_line(string from, string to)
    {
        using var cli = new CliRunner();
        await cli.RunAsync("import", CliRunner.Vector("basic"));

        var result = await cli.RunAsync("report", "--brand", "acme", "--from", from, "--to", to);

        Assert.That(result.Code, Is.EqualTo(2), result.ToString());
        Assert.That(result.Error.Trim().Split('\n'), Has.Length.EqualTo(1), result.ToString());
        Assert.That(result.Error, Does.Contain("out of range").Or.Contain("at most 400 days"));
    }

    [Test]
    public async Task Import_lists_1000_errors_then_and_N_more_and_counts_every_row()
    {
        using var cli = new CliRunner();
        var folder = Path.Combine(cli.Folder, "bad");
        Directory.CreateDirectory(folder);
        var posts = new StringBuilder("network,post_id,author,created_at\n");
        for (var i = 0; i < 1200; i++)
        {
            posts.Append("x,p").Append(i).Append(",a,9999-12-31T23:59:59Z\n");
        }

        await File.WriteAllTextAsync(Path.Combine(folder, "posts.csv"), posts.ToString());

        var result = await cli.RunAsync("import", folder);

        Assert.That(result.Code, Is.EqualTo(3), result.ToString());
        Assert.That(result.Output.Split('\n').Count(line => line.StartsWith("  rejected ", StringComparison.Ordinal)), Is.EqualTo(1000));
        Assert.That(result.Output, Does.Contain("  ... and 200 more"));
        Assert.That(result.Output, Does.Contain("1200 rejected"));
        Assert.That(result.Output, Does.Contain("out of range"));
    }
}
