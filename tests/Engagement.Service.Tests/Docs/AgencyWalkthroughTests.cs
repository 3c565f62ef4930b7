using System.Text.RegularExpressions;
using Engagement.Data.Store;
using Engagement.Data.Store.Repositories;
using Engagement.Service.Tests.Cli;

namespace Engagement.Service.Tests.Docs;

/// <summary>
/// The README's "Agency set-up" command lines, run in order through the verbs (in-process, on a
/// store of their own): each succeeds, and the workspace ends as the walkthrough says: the agency
/// tracks its client and three competitors, the client's key is a viewer restricted to its brand, and
/// its schedule is the one created, edited in place.
/// </summary>
public sealed partial class AgencyWalkthroughTests
{
    [Test]
    public async Task The_agency_set_up_lines_run_as_written()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "README.md"));
        var section = readme[readme.IndexOf("## Agency set-up", StringComparison.Ordinal)..];
        var block = ShellBlock().Match(section);
        Assert.That(block.Success, Is.True, "the section has a ```sh block");
        var lines = block.Groups[1].Value.Split('\n').Select(line => line.Split(" #", 2)[0].Trim()).Where(line => line.StartsWith("$E ", StringComparison.Ordinal)).ToList();
        Assert.That(lines, Has.Count.GreaterThanOrEqualTo(6));

        using var cli = new CliRunner();
        string last = "";
        foreach (var line in lines)
        {
            var args = line[3..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(arg => arg.StartsWith("samples/", StringComparison.Ordinal) ? Path.Combine(Repository.Root, arg) : arg)
                .ToArray();
            var result = await cli.RunAsync(args);
            Assert.That(result.Code, Is.Zero, $"{line}\n{result}");
            last = result.Output;
        }

        Assert.That(last, Does.Contain("benchmark peers:competitors: 4 brands"), "the report of the last line: the competitors and the client");
        var factory = StoreConnection.Create(cli.Database, TimeProvider.System);
        try
        {
            Assert.That(await new WorkspaceRepository(factory).BrandsAsync("acme-agency"),
                Is.EqualTo(new[] { "mile-end-digital", "pixel-nord", "plateau-pixels", "studio-saint-laurent" }));
            var client = (await new ApiKeyRepository(factory).ListAsync("acme-agency")).Single(k => k.Name == "plateau");
            Assert.That(client.Role, Is.EqualTo(ApiKeyRole.Viewer));
            Assert.That(client.Brands, Is.EqualTo(new[] { "plateau-pixels" }));
            var schedule = (await new Engagement.Data.Store.Deliveries.ScheduleRepository(factory).ListAsync("acme-agency")).Single();
            Assert.That((schedule.Id, schedule.Name, schedule.Hour), Is.EqualTo((1L, "plateau-monthly", 7)), "created, then edited in place");
        }
        finally
        {
            if (factory is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    [GeneratedRegex("```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();
}
