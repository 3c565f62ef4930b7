namespace Engagement.Service.Tests.Cli;

public class SchedulesCommandTests
{
    [Test]
    public async Task Schedules_create_list_delete()
    {
        using var cli = new CliRunner();
        await cli.RunAsync("import", CliRunner.Vector("basic"));
        var created = await cli.RunAsync(
            "schedules", "create", "--name", "monthly-acme", "--cadence", "monthly", "--time-zone", "Europe/Paris", "--hour", "7",
            "--brands", "acme", "--formats", "pdf", "--webhook", "https://hooks.agency.example/engagement");
        Assert.That(created.Code, Is.Zero, created.ToString());
        Assert.That(created.Output, Does.Match(@"schedule 1 \(monthly-acme\) created; next run \d{4}-\d\d-01 0[56]:00 UTC"));
        Assert.That(created.Output, Does.Match("webhook signing secret \\(shown once\\): whsec_[A-Za-z0-9_-]{43}"));

        var list = await cli.RunAsync("schedules", "list");
        Assert.That(list.Output, Does.Contain("1 monthly-acme: monthly at 07:00 Europe/Paris, acme vs all, pdf to https://hooks.agency.example/engagement"));
        Assert.That(list.Output, Does.Not.Contain("whsec_"), "the secret is shown once");
        Assert.That((await cli.RunAsync("schedules", "list", "--workspace", "other")).Output, Does.Not.Contain("monthly-acme"), "per workspace");

        Assert.That((await cli.RunAsync("schedules", "delete", "1", "--workspace", "other")).Code, Is.EqualTo(2));
        Assert.That((await cli.RunAsync("schedules", "delete", "1")).Code, Is.Zero);
        Assert.That((await cli.RunAsync("schedules", "list")).Output, Does.Not.Contain("monthly-acme"));
    }

    [Test]
    public async Task Schedules_update_replaces_the_settings_and_keeps_the_id()
    {
        using var cli = new CliRunner();
        await cli.RunAsync("import", CliRunner.Vector("basic"));
        var created = await cli.RunAsync(
            "schedules", "create", "--name", "monthly-acme", "--cadence", "monthly", "--brands", "acme", "--webhook", "https://hooks.agency.example/engagement");
        Assert.That(created.Code, Is.Zero, created.ToString());

        var updated = await cli.RunAsync(
            "schedules", "update", "1", "--name", "weekly-acme", "--cadence", "weekly", "--time-zone", "Asia/Tokyo", "--hour", "9",
            "--brands", "acme", "--formats", "csv", "--webhook", "https://hooks.agency.example/weekly");
        Assert.That(updated.Code, Is.Zero, updated.ToString());
        Assert.That(updated.Output, Does.Match(@"schedule 1 \(weekly-acme\) updated; next run \d{4}-\d\d-\d\d 00:00 UTC"), "Mondays 09:00 in Tokyo");
        Assert.That(updated.Output, Does.Not.Contain("whsec_"), "the secret is not shown again");
        var list = await cli.RunAsync("schedules", "list");
        Assert.That(list.Output, Does.Contain("1 weekly-acme: weekly at 09:00 Asia/Tokyo, acme vs all, csv to https://hooks.agency.example/weekly"));

        var refused = await cli.RunAsync("schedules", "update", "1", "--name", "weekly-acme", "--cadence", "daily", "--brands", "acme", "--webhook", "https://hooks.agency.example/x");
        Assert.That(refused.Code, Is.EqualTo(2), refused.ToString());
        Assert.That(refused.Error, Does.Contain("cadence"));
        var elsewhere = await cli.RunAsync("schedules", "update", "1", "--workspace", "other", "--name", "x", "--cadence", "weekly", "--brands", "acme", "--webhook", "https://hooks.agency.example/x");
        Assert.That(elsewhere.Code, Is.EqualTo(2));
        Assert.That((await cli.RunAsync("schedules", "list")).Output, Does.Contain("1 weekly-acme: weekly"), "a refused update changes nothing");
    }

    [TestCase("--time-zone", "Mars/Olympus_Mons", "unknown time zone")]
    [TestCase("--brands", "nobody", "unknown brand 'nobody'")]
    [TestCase("--emails", "client@agency.example", "e-mail is not configured")]
    [TestCase("--webhook", "ftp://hooks.agency.example/x", "not an absolute http(s) URL")]
    [TestCase("--benchmark", "peers:no-such-set", "unknown peer set 'no-such-set'")]
    [TestCase("--workspace", "no-such-workspace", "no workspace named 'no-such-workspace'")]
    public async Task A_bad_option_exits_2_saying_what(string option, string value, string message)
    {
        using var cli = new CliRunner();
        await cli.RunAsync("import", CliRunner.Vector("basic"));
        var args = new List<string> { "schedules", "create", "--name", "s", "--cadence", "weekly", "--brands", "acme", "--webhook", "https://hooks.agency.example/x" };
        var at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        if (option == "--emails")
        {
            args.RemoveRange(args.IndexOf("--webhook"), 2);
        }

        var result = await cli.RunAsync([.. args]);
        Assert.That(result.Code, Is.EqualTo(2), result.ToString());
        Assert.That(result.Error, Does.Contain(message));
    }
}
