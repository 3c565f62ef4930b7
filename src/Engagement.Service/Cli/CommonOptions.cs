using System.CommandLine;
using System.Globalization;
using Engagement.Domain.Model;

namespace Engagement.Service.Cli;

/// <summary>Options and parsing shared by several verbs.</summary>
public static class CommonOptions
{
    public const string DefaultDatabase = "./data/engagement.db";

    /// <summary>--db, on every verb (recursive from the root).</summary>
    public static Option<string> Database { get; } = new("--db")
    {
        Description = "SQLite database file (created on first use), or a PostgreSQL connection string (Host=...;Database=...) or postgres:// URL",
        DefaultValueFactory = _ => DefaultDatabase,
        Recursive = true,
    };

    /// <summary>--workspace: the workspace a verb works in (its brands, peer sets and keys); <c>default</c> unless told.</summary>
    public static Option<string> Workspace() => new("--workspace")
    {
        Description = "the workspace to work in (its brands, peer sets and keys)",
        DefaultValueFactory = _ => Data.Store.Repositories.WorkspaceRepository.Default,
    };

    /// <summary>Parses YYYY-MM-DD strictly; null for no value.</summary>
    public static DateOnly? ParseDate(string? text, string option) =>
        text is null
            ? null
            : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                ? day
                : throw new UsageException($"{option}: '{text}' is not a date YYYY-MM-DD");

    public static IReadOnlyList<string> SplitList(string? text) =>
        text is null ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Bad arguments: the verb prints the message and exits with code 2.</summary>
public sealed class UsageException(string message) : DomainException(message);
