using Engagement.Service.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await EngagementCli.RunAsync(args, CliContext.FromConsole(), cancel.Token);
