using Spectre.Console;

namespace Engagement.Service.Cli;

/// <summary>Where a verb writes, and whether a person is watching (progress display) or not.</summary>
public sealed class CliContext(TextWriter output, TextWriter error, bool interactive)
{
    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>True on a terminal; false when output is redirected (then no progress, no colours).</summary>
    public bool Interactive { get; } = interactive;

    /// <summary>The clock <c>collect</c> runs on: the system's unless an embedding process (a test) fixes it.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Configuration <c>collect</c> lays over its host's (appsettings, environment): an embedding
    /// process, or a test, sets collector endpoints without touching the process environment.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    public static CliContext FromConsole() =>
        new(Console.Out, Console.Error, !Console.IsOutputRedirected && !Console.IsErrorRedirected);

    /// <summary>A Spectre console over <see cref="Output"/>, plain text unless interactive.</summary>
    public IAnsiConsole Ansi()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Output),
            Ansi = Interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = Interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = Interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!Interactive)
        {
            // Redirected output has no terminal width; 80 columns would wrap every table.
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }

    private const int RedirectedWidth = 160;
}
