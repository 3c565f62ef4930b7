using System.CommandLine;
using Engagement.Data.Store.Repositories;

namespace Engagement.Service.Cli;

/// <summary><c>peers set|list|delete</c>: named sets of brands to benchmark against (peers:NAME).</summary>
public static class PeersCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("peers", "Manage a workspace's peer sets (benchmark peers:NAME)");
        var workspace = CommonOptions.Workspace();
        workspace.Recursive = true;
        command.Options.Add(workspace);

        var name = new Argument<string>("name") { Description = "peer set name (a-z 0-9 - _)" };
        var brands = new Argument<string>("brands") { Description = "comma-separated brand ids" };
        var set = new Command("set", "Create or replace a peer set") { name, brands };
        set.SetAction(async (parse, ct) =>
        {
            await using var host = await CliHost.OpenAsync(parse, ct);
            var peerSets = host.Get<PeerSetRepository>();
            var members = CommonOptions.SplitList(parse.GetValue(brands));
            if (members.Count == 0)
            {
                throw new UsageException("a peer set needs at least one brand");
            }

            var outcome = await peerSets.SetAsync(parse.GetValue(workspace)!, parse.GetValue(name)!, members, ct);
            await context.Output.WriteLineAsync($"peer set {parse.GetValue(name)}: {outcome.ToString().ToLowerInvariant()} ({string.Join(", ", members)})");
            return EngagementCli.Ok;
        });

        var list = new Command("list", "List peer sets");
        list.SetAction(async (parse, ct) =>
        {
            await using var host = await CliHost.OpenAsync(parse, ct);
            var peerSets = host.Get<PeerSetRepository>();
            foreach (var peerSet in await peerSets.ListAsync(parse.GetValue(workspace)!, ct))
            {
                await context.Output.WriteLineAsync($"{peerSet.Name}: {string.Join(", ", peerSet.Brands)}");
            }

            return EngagementCli.Ok;
        });

        var deleteName = new Argument<string>("name") { Description = "peer set name" };
        var delete = new Command("delete", "Delete a peer set") { deleteName };
        delete.SetAction(async (parse, ct) =>
        {
            await using var host = await CliHost.OpenAsync(parse, ct);
            var peerSets = host.Get<PeerSetRepository>();
            if (!await peerSets.DeleteAsync(parse.GetValue(workspace)!, parse.GetValue(deleteName)!, ct))
            {
                throw new UsageException($"no peer set named '{parse.GetValue(deleteName)}'");
            }

            await context.Output.WriteLineAsync($"peer set {parse.GetValue(deleteName)} deleted");
            return EngagementCli.Ok;
        });

        command.Subcommands.Add(set);
        command.Subcommands.Add(list);
        command.Subcommands.Add(delete);
        return command;
    }
}
