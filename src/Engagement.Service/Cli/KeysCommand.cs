using System.CommandLine;
using System.Globalization;
using Engagement.Data.Store.Repositories;
using Engagement.Service.Security;

namespace Engagement.Service.Cli;

/// <summary><c>keys create|list|revoke</c>: API keys, shown once at creation and stored as hashes.</summary>
public static class KeysCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("keys", "Manage API keys");

        var name = new Option<string>("--name") { Description = "a name for the key (who or what uses it)", Required = true };
        var scope = new Option<string>("--scope") { Description = "read (GET only) or admin (also writes)", DefaultValueFactory = _ => "read" };
        scope.AcceptOnlyFromAmong("read", "admin");
        var create = new Command("create", "Create a key; its secret is printed once and never stored") { name, scope };
        create.SetAction(async (parse, ct) =>
        {
            await using var host = await CliHost.OpenAsync(parse, ct);
            var keys = host.Get<ApiKeyRepository>();
            var secret = ApiKeySecrets.Generate();
            var keyScope = parse.GetValue(scope) == "admin" ? ApiKeyScope.Admin : ApiKeyScope.Read;
            await keys.InsertAsync(parse.GetValue(name)!, keyScope, ApiKeySecrets.Hash(secret), ct);
            await context.Output.WriteLineAsync($"key '{parse.GetValue(name)}' ({parse.GetValue(scope)}) created. Store it now, it is not shown again:");
            await context.Output.WriteLineAsync(secret);
            return EngagementCli.Ok;
        });

        var list = new Command("list", "List keys (names and scopes, never secrets)");
        list.SetAction(async (parse, ct) =>
        {
            await using var host = await CliHost.OpenAsync(parse, ct);
            var keys = host.Get<ApiKeyRepository>();
            foreach (var key in await keys.ListAsync(ct))
            {
                var state = key.RevokedAt is { } revoked ? $"revoked {revoked.ToString("u", CultureInfo.InvariantCulture)}" : "active";
                await context.Output.WriteLineAsync(
                    $"{key.Name}\t{key.Scope.ToString().ToLowerInvariant()}\tcreated {key.CreatedAt.ToString("u", CultureInfo.InvariantCulture)}\t{state}");
            }

            return EngagementCli.Ok;
        });

        var revokeName = new Argument<string>("name") { Description = "the key's name" };
        var revoke = new Command("revoke", "Revoke a key") { revokeName };
        revoke.SetAction(async (parse, ct) =>
        {
            await using var host = await CliHost.OpenAsync(parse, ct);
            var keys = host.Get<ApiKeyRepository>();
            if (!await keys.RevokeAsync(parse.GetValue(revokeName)!, ct))
            {
                throw new UsageException($"no active key named '{parse.GetValue(revokeName)}'");
            }

            await context.Output.WriteLineAsync($"key '{parse.GetValue(revokeName)}' revoked");
            return EngagementCli.Ok;
        });

        command.Subcommands.Add(create);
        command.Subcommands.Add(list);
        command.Subcommands.Add(revoke);
        return command;
    }
}
