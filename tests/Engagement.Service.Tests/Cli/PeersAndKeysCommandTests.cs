namespace Engagement.Service.Tests.Cli;

public class PeersAndKeysCommandTests
{
    [Test]
    public async Task Peers_set_list_report_delete()
    {
        using var cli = new CliRunner();
        await cli.RunAsync("import", CliRunner.Vector("benchmarks"));
        Assert.That((await cli.RunAsync("peers", "set", "rivals", "lynx,viper")).Code, Is.Zero);
        Assert.That((await cli.RunAsync("peers", "list")).Output, Does.Contain("rivals: lynx, viper"));

        var report = await cli.RunAsync("report", "--brand", "otter", "--benchmark", "peers:rivals", "--from", "2024-06-01", "--to", "2024-06-29");
        Assert.That(report.Output, Does.Contain("benchmark peers:rivals: 3 brands"), "the peers plus the subject");
        Assert.That(report.Output, Does.Match(@"otter\s+│\s+90\.5\s+│\s+A\+\s+│\s+1"));

        Assert.That((await cli.RunAsync("peers", "delete", "rivals")).Code, Is.Zero);
        Assert.That((await cli.RunAsync("peers", "list")).Output, Does.Not.Contain("rivals"));
        Assert.That((await cli.RunAsync("peers", "delete", "rivals")).Code, Is.EqualTo(2));
    }

    [Test]
    public async Task Peers_set_with_an_unknown_brand_is_refused()
    {
        using var cli = new CliRunner();
        await cli.RunAsync("import", CliRunner.Vector("basic"));
        var result = await cli.RunAsync("peers", "set", "rivals", "acme,nobody");
        Assert.That(result.Code, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("nobody"));
    }

    [Test]
    public async Task Keys_secret_is_shown_once_and_never_listed()
    {
        using var cli = new CliRunner();
        var created = await cli.RunAsync("keys", "create", "--name", "agency", "--role", "admin");
        Assert.That(created.Code, Is.Zero, created.ToString());
        var secret = created.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim();
        Assert.That(secret, Does.StartWith("eng_").And.Length.GreaterThanOrEqualTo(40));

        var list = await cli.RunAsync("keys", "list");
        Assert.That(list.Output, Does.Contain("agency\tadmin").And.Contain("active"));
        Assert.That(list.Output, Does.Not.Contain(secret));

        Assert.That((await cli.RunAsync("keys", "create", "--name", "agency")).Code, Is.EqualTo(2), "names are unique");
        Assert.That((await cli.RunAsync("keys", "revoke", "agency")).Code, Is.Zero);
        Assert.That((await cli.RunAsync("keys", "list")).Output, Does.Contain("revoked"));
        Assert.That((await cli.RunAsync("keys", "revoke", "agency")).Code, Is.EqualTo(2));
    }
}
