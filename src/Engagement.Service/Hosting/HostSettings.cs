namespace Engagement.Service.Hosting;

/// <summary>Tells a web host's own start-up arguments from a command line for a verb.</summary>
public static class HostSettings
{
    private static readonly string[] HostKeys = ["environment", "contentRoot", "applicationName"];

    /// <summary>
    /// True when every argument is <c>--key=value</c> and at least one is a host setting
    /// (<c>--environment=</c>, <c>--contentRoot=</c>, <c>--applicationName=</c>): that is how
    /// WebApplicationFactory starts the entry point, and no verb looks like that.
    /// </summary>
    public static bool AreOnly(IReadOnlyList<string> args) =>
        args.Count > 0
        && args.All(arg => arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) > 2)
        && args.Any(arg => HostKeys.Any(key => arg.StartsWith($"--{key}=", StringComparison.OrdinalIgnoreCase)));
}
