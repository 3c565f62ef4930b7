namespace Engagement.Service.Tests.Cli;

/// <summary><c>collect --once</c>: the foreground pass. Real collection is tested in Engagement.Collectors.Tests.</summary>
public class CollectCommandTests
{
    [Test]
    public async Task Collect_once_for_a_network_without_collector_is_a_usage_error()
    {
        using var cli = new CliRunner();
        var result = await cli.RunAsync("collect", "--once", "--network", "tiktok");
        Assert.That(result.Code, Is.EqualTo(2), result.ToString());
        Assert.That(result.Error, Does.Contain("no collector for network 'tiktok'").And.Contain("mastodon, bluesky, youtube, facebook, instagram, x").And.Contain("imported as CSV"));
    }

    [Test]
    public async Task Collect_once_skips_youtube_without_an_api_key_and_says_why()
    {
        using var cli = new CliRunner();
        await cli.RunAsync("import", CliRunner.Vector("basic"));
        var result = await cli.RunAsync("collect", "--once", "--network", "youtube");
        Assert.That(result.Code, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.Contain("note: youtube disabled").And.Contain("ApiKey"));
        Assert.That(result.Output, Does.Contain("total: 0 accounts collected, 0 failed"));
    }

    [TestCase("facebook", "Collectors:Facebook:AccessToken")]
    [TestCase("instagram", "Collectors:Instagram:AccessToken")]
    public async Task Collect_once_skips_a_graph_network_without_its_token_and_says_why(string network, string key)
    {
        using var cli = new CliRunner();
        var result = await cli.RunAsync("collect", "--once", "--network", network);
        Assert.That(result.Code, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.Contain($"note: {network}").And.Contain($"{key} is not set"));
        Assert.That(result.Output, Does.Contain("total: 0 accounts collected, 0 failed"));
    }

    [Test]
    public async Task Collect_once_for_x_without_a_bearer_token_says_it_is_disabled()
    {
        using var cli = new CliRunner();
        var result = await cli.RunAsync("collect", "--once", "--network", "X");
        Assert.That(result.Code, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.Contain("note: x disabled: Collectors:X:BearerToken is not set"));
    }

    [Test]
    public async Task Collect_network_without_once_is_a_usage_error()
    {
        using var cli = new CliRunner();
        var result = await cli.RunAsync("collect", "--network", "mastodon");
        Assert.That(result.Code, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("--once"));
    }
}
