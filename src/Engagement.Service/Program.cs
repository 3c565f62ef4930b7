using Engagement.Service.Cli;
using Engagement.Service.Hosting;

// WebApplicationFactory<Program> (the API tests) calls this entry point with host settings only
// (--environment=..., --contentRoot=..., --applicationName=...) and waits for a web app to be
// built; there is no verb then, so build and run the service itself instead of the command line.
if (HostSettings.AreOnly(args))
{
    await EngagementWebApp.Create(args).RunAsync();
    return EngagementCli.Ok;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await EngagementCli.RunAsync(args, CliContext.FromConsole(), cancel.Token);
