using System.CommandLine;
using System.Globalization;
using Engagement.Data.Store.Repositories;

namespace Engagement.Service.Cli;

/// <summary><c>workspaces create|list|delete</c>: an agency's clients and competitors, apart from everyone else's.</summary>
public static class WorkspacesCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("workspaces", "Manage workspaces (each has its own brands, peer sets and keys)");

        var createName = new Argument<string>("name") { Description = "workspace name (a-z 0-9 - _)" };
        var create = new Command("create", "Create a workspace") { createName };
        create.SetAction(async (parse, ct) =>
        {
            await using var host = await CliHost.OpenAsync(parse, ct);
            var name = parse.GetValue(createName)!;
            if (!await host.Get<WorkspaceRepository>().CreateAsync(name, ct))
            {
                throw new UsageException($"workspace '{name}' already exists");
            }

            await context.Output.WriteLineAsync($"workspace {name} created");
            return EngagementCli.Ok;
        });

        var list = new Command("list", "List workspaces with how many brands each tracks");
        list.SetAction(async (parse, ct) =>
        {
            await using var host = await CliHost.OpenAsync(parse, ct);
            foreach (var workspace in await host.Get<WorkspaceRepository>().ListAsync(ct))
            {
                await context.Output.WriteLineAsync(
                    $"{workspace.Name}\t{workspace.Brands} brands\tcreated {workspace.CreatedAt.ToString("u", CultureInfo.InvariantCulture)}");
            }

            return EngagementCli.Ok;
        });

        var deleteName = new Argument<string>("name") { Description = "workspace name" };
        var delete = new Command("delete", "Delete a workspace with its peer sets and keys (brands other workspaces track stay)") { deleteName };
        delete.SetAction(async (parse, ct) =>
        {
            await using var host = await CliHost.OpenAsync(parse, ct);
            var name = parse.GetValue(deleteName)!;
            if (!await host.Get<WorkspaceRepository>().DeleteAsync(name, ct))
            {
                throw new UsageException($"no workspace named '{name}'");
            }

            await context.Output.WriteLineAsync($"workspace {name} deleted");
            return EngagementCli.Ok;
        });

        command.Subcommands.Add(create);
        command.Subcommands.Add(list);
        command.Subcommands.Add(delete);
        return command;
    }
}
