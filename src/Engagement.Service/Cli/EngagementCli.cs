using System.CommandLine;
using Engagement.Data.Csv;
using Engagement.Data.Store;
using Engagement.Domain.Model;
using Microsoft.Extensions.Options;

namespace Engagement.Service.Cli;

/// <summary>
/// The <c>engagement</c> executable: one verb per task. Exit codes: 0 success, 2 bad arguments
/// or input that cannot be used, including a store or disk fault (one line says what), 3 some rows rejected (the rest kept),
/// 1 an unexpected failure.
/// </summary>
public static class EngagementCli
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;
    public const int RowsRejected = 3;

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken ct = default)
    {
        var root = new RootCommand("Engagement: social media engagement analytics (Impact, Engagement, Responsiveness scored 0-100 against a benchmark)");
        root.Options.Add(CommonOptions.Database);
        foreach (var verb in Verbs(context))
        {
            root.Subcommands.Add(verb);
        }

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await context.Error.WriteLineAsync(error.Message);
            }

            await context.Error.WriteLineAsync("Try --help.");
            return BadInput;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = context.Output, Error = context.Error, EnableDefaultExceptionHandler = false }, ct);
        }
        catch (Exception e) when (e is DomainException or CsvFileRejectedException)
        {
            await context.Error.WriteLineAsync($"error: {e.Message}");
            return BadInput;
        }
        catch (Exception e) when (StoreFaults.Describe(e) is { } fault)
        {
            // A fault of the store or the disk, not a bug: one line saying what, no stack trace.
            await context.Error.WriteLineAsync($"error: {fault}");
            return BadInput;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync("cancelled");
            return Failure;
        }
        catch (OptionsValidationException e)
        {
            // A setting out of range (appsettings.json, the environment, --Section:Key=value).
            await context.Error.WriteLineAsync($"error: {e.Message}");
            return BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file or folder the verb cannot use (a path that is a file, no permission): say which, exit 2.
            await context.Error.WriteLineAsync($"error: {e.Message}");
            return BadInput;
        }
    }

    private static IEnumerable<Command> Verbs(CliContext context) =>
    [
        ImportCommand.Create(context),
        ExportCommand.Create(context),
        CompactCommand.Create(context),
        ReportCommand.Create(context),
        PeersCommand.Create(context),
        KeysCommand.Create(context),
        SchedulesCommand.Create(context),
        WorkspacesCommand.Create(context),
        GenerateCommand.Create(context),
        ServeCommand.Create(context),
        CollectCommand.Create(context),
    ];
}
