using System.CommandLine;
using System.Globalization;
using Engagement.Data.Store.Repositories;
using Engagement.Service.Security;

namespace Engagement.Service.Cli;

/// <summary><c>keys create|list|revoke</c>: API keys of a workspace, shown once at creation and stored as hashes.</summary>
public static class KeysCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("keys", "Manage API keys");
        var workspace = CommonOptions.Workspace();
        workspace.Recursive = true;
        command.Options.Add(workspace);

        command.Subcommands.Add(CreateVerb(context, workspace));
        command.Subcommands.Add(ListVerb(context, workspace));
        command.Subcommands.Add(RevokeVerb(context, workspace));
        return command;
    }

    private static Command CreateVerb(CliContext context, Option<string> workspace)
    {
        var name = new Option<string>("--name") { Description = "a name for the key (who or what uses it), unique in its workspace", Required = true };
        var role = new Option<string>("--role")
        {
            Description = "viewer (reads), editor (also brands, accounts, peer sets, imports), owner (also keys and the audit log), "
                + "or admin (server-wide: every workspace; in default)",
            DefaultValueFactory = _ => "viewer",
        };
        role.AcceptOnlyFromAmong([.. ApiKeyRoles.Names]);
        var brands = new Option<string?>("--brands") { Description = "restrict a viewer key to these brands of the workspace, comma-separated" };
        var expires = new Option<string?>("--expires") { Description = "the key stops working at this UTC instant (yyyy-MM-ddTHH:mm:ssZ) or day (yyyy-MM-dd)" };
        var create = new Command("create", "Create a key; its secret is printed once and never stored") { name, role, brands, expires };
        create.SetAction(async (parse, ct) =>
        {
            await using var host = await CliHost.OpenAsync(parse, ct);
            var grant = Grant(parse.GetValue(workspace)!, parse.GetValue(role)!, parse.GetValue(brands), parse.GetValue(expires), host.Get<TimeProvider>());
            if (grant.Brands is { } restricted)
            {
                var tracked = await host.Get<WorkspaceRepository>().BrandsAsync(grant.Workspace, ct);
                if (restricted.FirstOrDefault(b => !tracked.Contains(b)) is { } unknown)
                {
                    throw new UsageException($"--brands: workspace '{grant.Workspace}' does not track brand '{unknown}'");
                }
            }

            var secret = ApiKeySecrets.Generate();
            var key = await host.Get<ApiKeyRepository>().InsertAsync(parse.GetValue(name)!, grant, ApiKeySecrets.Hash(secret), ct);
            var scope = key.Brands is { } only ? $", brands {string.Join(",", only)}" : "";
            await context.Output.WriteLineAsync(
                $"key '{key.Name}' ({ApiKeyRoles.Text(key.Role)} of workspace {key.Workspace}{scope}, id {key.Id}) created. Store it now, it is not shown again:");
            await context.Output.WriteLineAsync(secret);
            return EngagementCli.Ok;
        });
        return create;
    }

    private static Command ListVerb(CliContext context, Option<string> workspace)
    {
        var list = new Command("list", "List a workspace's keys (names and roles, never secrets)");
        list.SetAction(async (parse, ct) =>
        {
            await using var host = await CliHost.OpenAsync(parse, ct);
            foreach (var key in await host.Get<ApiKeyRepository>().ListAsync(parse.GetValue(workspace)!, ct))
            {
                var state = key.RevokedAt is { } revoked ? $"revoked {Instant(revoked)}"
                    : key.ExpiresAt is { } expires ? $"active until {Instant(expires)}" : "active";
                var brands = key.Brands is { } only ? $"\tbrands {string.Join(",", only)}" : "";
                var used = key.LastUsedAt is { } last ? $"\tlast used {Instant(last)}" : "";
                await context.Output.WriteLineAsync($"{key.Name}\t{ApiKeyRoles.Text(key.Role)}\tcreated {Instant(key.CreatedAt)}\t{state}{brands}{used}");
            }

            return EngagementCli.Ok;
        });
        return list;
    }

    private static Command RevokeVerb(CliContext context, Option<string> workspace)
    {
        var revokeName = new Argument<string>("name") { Description = "the key's name" };
        var revoke = new Command("revoke", "Revoke a key (at once, on every instance)") { revokeName };
        revoke.SetAction(async (parse, ct) =>
        {
            await using var host = await CliHost.OpenAsync(parse, ct);
            if (!await host.Get<ApiKeyRepository>().RevokeAsync(parse.GetValue(workspace)!, parse.GetValue(revokeName)!, ct))
            {
                throw new UsageException($"no active key named '{parse.GetValue(revokeName)}' in workspace '{parse.GetValue(workspace)}'");
            }

            await context.Output.WriteLineAsync($"key '{parse.GetValue(revokeName)}' revoked");
            return EngagementCli.Ok;
        });
        return revoke;
    }

    /// <summary>What the options grant, checked as the API checks it (<see cref="KeyGrants"/>).</summary>
    private static ApiKeyGrant Grant(string workspace, string role, string? brands, string? expires, TimeProvider time)
    {
        var instant = expires is null ? (DateTimeOffset?)null
            : DateTimeOffset.TryParse(expires, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
                ? at
                : throw new UsageException($"--expires: '{expires}' is not an instant (yyyy-MM-ddTHH:mm:ssZ) or a day (yyyy-MM-dd)");
        var list = brands is null ? null : CommonOptions.SplitList(brands);
        var parsed = ApiKeyRoles.Parse(role);
        return KeyGrants.Check(workspace, parsed, list, instant, time.GetUtcNow()) is { } problem
            ? throw new UsageException($"--{(problem.Parameter == "expiresAt" ? "expires" : problem.Parameter)}: {problem.Message}")
            : new ApiKeyGrant(workspace, parsed, list, instant);
    }

    private static string Instant(DateTimeOffset instant) => instant.ToString("u", CultureInfo.InvariantCulture);
}
