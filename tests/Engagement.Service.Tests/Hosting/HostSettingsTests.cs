using Engagement.Service.Hosting;

namespace Engagement.Service.Tests.Hosting;

public class HostSettingsTests
{
    [TestCase("--environment=Development", "--contentRoot=/src/app", "--applicationName=engagement")]
    [TestCase("--contentRoot=/src/app", "--Store:Path=/tmp/x.db")]
    [TestCase("--ENVIRONMENT=Production")]
    public void Host_settings_from_WebApplicationFactory_start_the_web_app(params string[] args)
    {
        Assert.That(HostSettings.AreOnly(args), Is.True);
    }

    [TestCase]
    [TestCase("serve")]
    [TestCase("serve", "--urls", "http://127.0.0.1:5080")]
    [TestCase("--db=./x.db", "report", "--all")]
    [TestCase("--db=./x.db")]
    [TestCase("--environment", "Development")]
    [TestCase("--environment=Development", "import", "samples")]
    public void Command_lines_of_the_verbs_run_the_cli(params string[] args)
    {
        Assert.That(HostSettings.AreOnly(args), Is.False);
    }
}
