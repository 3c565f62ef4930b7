namespace Engagement.Service.Tests.Cli;

/// <summary><c>workspaces create|list|delete</c> and <c>--workspace</c> on the verbs that work in one.</summary>
public class WorkspacesCommandTests
{
    [Test]
    public async Task Workspaces_are_created_listed_and_deleted_and_default_stays()
    {
        using var cli = new CliRunner();
        Assert.That((await cli.RunAsync("workspaces", "create", "agency")).Code, Is.Zero);
        Assert.That((await cli.RunAsync("workspaces", "create", "agency")).Code, Is.EqualTo(2), "a name is taken once");
        Assert.That((await cli.RunAsync("workspaces", "create", "Not An Id")).Code, Is.EqualTo(2));
        var list = await cli.RunAsync("workspaces", "list");
        Assert.That(list.Output, Does.Contain("agency\t0 brands").And.Contain("default\t"));
        Assert.That((await cli.RunAsync("workspaces", "delete", "default")).Code, Is.EqualTo(2));
        Assert.That((await cli.RunAsync("workspaces", "delete", "agency")).Code, Is.Zero);
        Assert.That((await cli.RunAsync("workspaces", "list")).Output, Does.Not.Contain("agency"));
        Assert.That((await cli.RunAsync("workspaces", "delete", "agency")).Code, Is.EqualTo(2));
    }

    [Test]
    public async Task Peer_sets_reports_and_keys_work_in_the_workspace_given()
    {
        using var cli = new CliRunner();
        await cli.RunAsync("import", CliRunner.Vector("benchmarks"));
        await cli.RunAsync("workspaces", "create", "agency");
        Assert.That((await cli.RunAsync("peers", "set", "rivals", "lynx,viper", "--workspace", "agency")).Code, Is.EqualTo(2),
            "the agency does not track those brands yet");

        var csv = Path.Combine(cli.Folder, "agency");
        Directory.CreateDirectory(csv);
        await File.WriteAllTextAsync(Path.Combine(csv, "brands.csv"), "brand,name,industry\notter,Otter,\nlynx,Lynx,\nviper,Viper,\n");
        Assert.That((await cli.RunAsync("import", csv, "--workspace", "agency")).Code, Is.Zero);
        Assert.That((await cli.RunAsync("peers", "set", "rivals", "lynx", "--workspace", "agency")).Code, Is.Zero);
        Assert.That((await cli.RunAsync("peers", "list")).Output, Does.Not.Contain("rivals"), "default has no such set");

        var report = await cli.RunAsync("report", "--workspace", "agency", "--brand", "otter", "--benchmark", "peers:rivals", "--from", "2024-06-01", "--to", "2024-06-29");
        Assert.That(report.Output, Does.Contain("benchmark peers:rivals: 2 brands"), report.ToString());
        Assert.That((await cli.RunAsync("report", "--brand", "otter", "--benchmark", "peers:rivals", "--from", "2024-06-01", "--to", "2024-06-29")).Code,
            Is.Not.Zero, "default's peers:rivals does not exist");

        var created = await cli.RunAsync("keys", "create", "--workspace", "agency", "--name", "client", "--role", "viewer", "--brands", "otter");
        Assert.That(created.Output, Does.Contain("viewer of workspace agency, brands otter"), created.ToString());
        Assert.That((await cli.RunAsync("keys", "create", "--workspace", "agency", "--name", "boss", "--role", "editor", "--brands", "otter")).Code, Is.EqualTo(2),
            "only a viewer is restricted to brands");
        Assert.That((await cli.RunAsync("keys", "create", "--workspace", "agency", "--name", "spy", "--role", "viewer", "--brands", "zebra")).Code, Is.EqualTo(2));
        Assert.That((await cli.RunAsync("keys", "create", "--workspace", "agency", "--name", "root", "--role", "admin")).Code, Is.EqualTo(2),
            "an admin key is server-wide, created in default");
        Assert.That((await cli.RunAsync("keys", "list", "--workspace", "agency")).Output, Does.Contain("client\tviewer").And.Contain("brands otter"));
        Assert.That((await cli.RunAsync("keys", "list")).Output, Does.Not.Contain("client"));
        Assert.That((await cli.RunAsync("keys", "revoke", "client")).Code, Is.EqualTo(2), "not a key of default");
        Assert.That((await cli.RunAsync("keys", "revoke", "client", "--workspace", "agency")).Code, Is.Zero);
    }
}
