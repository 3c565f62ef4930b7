using System.CommandLine;
using Engagement.Data.Store;
using Engagement.Service.Hosting;

namespace Engagement.Service.Cli;

/// <summary><c>serve [--urls URLS] [--db PATH] [--demo]</c>: the HTTP API and the report pages, until Ctrl+C or SIGTERM.</summary>
public static class ServeCommand
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static Command Create(CliContext context)
    {
        var urls = new Option<string>("--urls") { Description = "addresses to listen on, ';'-separated", DefaultValueFactory = _ => DefaultUrls };
        var demo = new Option<bool>("--demo") { Description = "serve a fresh temporary database loaded with samples/ and print an admin key" };
        var command = new Command("serve", "Serve the HTTP API (/api/v1) and the report pages; settings as --Section:Key=value (docs/api.md)")
        {
            urls, demo,
        };
        // Anything else is host configuration, as appsettings.json spells it: --Imports:MaxBytes=1048576.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, ct) =>
        {
            var settings = Settings(parse.UnmatchedTokens);
            var isDemo = parse.GetValue(demo);
            var demoFolder = isDemo ? Directory.CreateTempSubdirectory("engagement-demo-").FullName : null;
            var db = parse.GetResult(CommonOptions.Database) is { Implicit: false } ? parse.GetValue(CommonOptions.Database) : null;
            if (isDemo && db is not null)
            {
                throw new UsageException("--demo uses a fresh temporary database: leave out --db");
            }

            try
            {
                await using var app = EngagementWebApp.Create(settings, builder =>
                {
                    if (demoFolder is not null || db is not null)
                    {
                        builder.Configuration[$"{StoreOptions.Section}:Path"] = demoFolder is null ? db : Path.Combine(demoFolder, "engagement.db");
                    }

                    if (isDemo)
                    {
                        // The demo's accounts are invented: collecting them would only log failures.
                        DisableCollectors(builder.Configuration);
                    }

                    // An explicit --urls wins; otherwise ASPNETCORE_URLS (or urls in configuration), else the default.
                    if (parse.GetResult(urls) is { Implicit: false } || builder.Configuration["urls"] is null)
                    {
                        builder.WebHost.UseUrls(parse.GetValue(urls)!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    }
                });
                var seed = isDemo
                    ? await DemoData.SeedAsync(app.Services, DemoData.FindSamples(AppContext.BaseDirectory, app.Environment.ContentRootPath), ct)
                    : null;
                await app.StartAsync(ct);
                await ServeBanner.WriteAsync(context.Output, app, seed);
                await app.WaitForShutdownAsync(ct);
                return EngagementCli.Ok;
            }
            finally
            {
                if (demoFolder is not null)
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    Directory.Delete(demoFolder, recursive: true);
                }
            }
        });
        return command;
    }

    /// <summary>
    /// The host settings left on the command line: <c>--Section:Key=value</c> or <c>--Section:Key value</c>.
    /// Anything else is a mistyped option, refused with its name rather than ignored.
    /// </summary>
    public static string[] Settings(IReadOnlyList<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var isSetting = token.StartsWith("--", StringComparison.Ordinal) && token.Length > 2 && token.Contains(':', StringComparison.Ordinal);
            if (!isSetting)
            {
                throw new UsageException($"serve: unknown option or argument '{token}' (settings are --Section:Key=value, e.g. --Imports:MaxBytes=1048576)");
            }

            if (!token.Contains('=', StringComparison.Ordinal))
            {
                // --Section:Key value: the value is the next token.
                if (i + 1 >= tokens.Count)
                {
                    throw new UsageException($"serve: {token} needs a value (--Section:Key=value)");
                }

                i++;
            }
        }

        return [.. tokens];
    }

    /// <summary>Stops the background collectors (a foreground <c>collect --once</c> still works).</summary>
    public static void DisableCollectors(IConfiguration configuration)
    {
        foreach (var network in Engagement.Collectors.CollectorNetworks.All)
        {
            configuration[$"Collectors:{network}:Enabled"] = "false";
        }
    }
}
