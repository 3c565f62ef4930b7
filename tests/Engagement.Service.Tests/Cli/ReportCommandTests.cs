using System.Text.Json;
using Engagement.Service.Tests.Postgres;

namespace Engagement.Service.Tests.Cli;

/// <summary><c>report --brand B --vs C,D</c> in its three formats, and its argument errors.</summary>
[TestFixtureSource(typeof(StoreProviders), nameof(StoreProviders.All))]
public class ReportCommandTests(string provider)
{
    private static readonly string[] Window = ["--from", "2024-03-01", "--to", "2024-03-11"];

    private async Task<CliRunner> BasicAsync()
    {
        var cli = new CliRunner(provider);
        await cli.RunAsync("import", CliRunner.Vector("basic"));
        return cli;
    }

    [Test]
    public async Task Report_table_shows_scores_grades_ranks_and_populations()
    {
        using var cli = await BasicAsync();
        var result = await cli.RunAsync(["report", "--brand", "acme", "--vs", "bolt,corvid", .. Window]);
        Assert.That(result.Code, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.Contain("benchmark all: 5 brands"));
        Assert.That(result.Output, Does.Match(@"acme\s+│\s+55\.6\s+│\s+C\s+│\s+1"), "acme 55.556, grade C, rank 1 (basic/README.md)");
        Assert.That(result.Output, Does.Contain("mastodon (populations: impact 3, engagement 3, responsiveness 3)"));
    }

    [Test]
    public async Task Report_csv_has_one_row_per_brand_and_network()
    {
        using var cli = await BasicAsync();
        var result = await cli.RunAsync(["report", "--brand", "acme", "--vs", "bolt", "--format", "csv", .. Window]);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.StartWith("brand,network,handle,from,to,benchmark,posts,answers,effort,user_posts"));
        Assert.That(lines[0], Does.EndWith("share_of_conversation,spec"));
        Assert.That(lines.Skip(1).Select(l => string.Join(',', l.Split(',')[..2])), Is.EquivalentTo(new[]
        {
            "acme,bluesky", "bolt,bluesky", "acme,mastodon", "bolt,mastodon",
        }), "neither brand has a youtube account, so no youtube row");
        Assert.That(lines.Single(l => l.StartsWith("acme,mastodon", StringComparison.Ordinal)), Does.Contain(",10,").And.Contain(",C,1,"));
    }

    [Test]
    public async Task Report_json_carries_the_share_of_conversation()
    {
        using var cli = await BasicAsync();
        var result = await cli.RunAsync(["report", "--brand", "acme", "--vs", "bolt", "--format", "json", .. Window]);
        using var json = JsonDocument.Parse(result.Output);
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
        var mastodon = rows.Where(r => r.GetProperty("network").GetString() == "mastodon").ToList();
        var shares = mastodon.Sum(r => r.GetProperty("shareOfConversation").GetDouble());
        Assert.That(shares, Is.EqualTo(1.0).Within(1e-12));
        Assert.That(json.RootElement.GetProperty("window").GetProperty("from").GetString(), Is.EqualTo("2024-03-01"));
    }

    [TestCase(new[] { "report" }, "--brand")]
    [TestCase(new[] { "report", "--all", "--brand", "acme" }, "--brand")]
    [TestCase(new[] { "report", "--all", "--from", "2024-02-30" }, "--from")]
    [TestCase(new[] { "report", "--all", "--benchmark", "everyone" }, "everyone")]
    [TestCase(new[] { "report", "--all", "--from", "2024-03-11", "--to", "2024-03-01" }, "before")]
    [TestCase(new[] { "report", "--brand", "nobody" }, "unknown brand 'nobody'")]
    [TestCase(new[] { "report", "--all", "--format", "xml" }, "xml")]
    [TestCase(new[] { "frobnicate" }, "frobnicate")]
    public async Task Report_bad_arguments_exit_2_with_a_message(string[] args, string named)
    {
        using var cli = await BasicAsync();
        var result = await cli.RunAsync(args);
        Assert.That(result.Code, Is.EqualTo(2), result.ToString());
        Assert.That(result.Error, Does.Contain(named));
    }

    [TestCase("import")]
    [TestCase("export")]
    [TestCase("report")]
    [TestCase("peers")]
    [TestCase("keys")]
    public async Task Every_verb_has_help(string verb)
    {
        using var cli = new CliRunner(provider);
        var result = await cli.RunAsync(verb, "--help");
        Assert.That(result.Code, Is.Zero);
        Assert.That(result.Output, Does.Contain("Usage:").And.Contain(verb));
    }
}
