using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engagement.Service.Tests.Postgres;
using Engagement.Tests.Shared;

namespace Engagement.Service.Tests.Cli;

/// <summary>
/// The spec's vectors through the real path: <c>import</c> into a fresh store, then
/// <c>report --all --format json</c>, compared field by field with the expected files.
/// </summary>
[TestFixtureSource(typeof(StoreProviders), nameof(StoreProviders.All))]
public class ReportAllVectorTests(string provider)
{
    // Trends and comparisons have their own shapes (API routes); report --all prints the document.
    public static IEnumerable<VectorCase> Cases() => VectorCases.All().Where(c => c.Trend is null && c.Compare is null);

    [TestCaseSource(nameof(Cases))]
    public async Task Import_then_report_all_matches_the_reference(VectorCase vector)
    {
        using var cli = new CliRunner(provider);
        var import = await cli.RunAsync("import", vector.FolderPath);
        Assert.That(import.Code, Is.EqualTo(vector.Folder.StartsWith("invalid/", StringComparison.Ordinal) && vector.Expected.Contains("lenient", StringComparison.Ordinal) ? 3 : 0), import.ToString());

        var args = new List<string> { "report", "--all", "--format", "json", "--benchmark", vector.Benchmark };
        var expected = JsonNode.Parse(await File.ReadAllTextAsync(vector.ExpectedPath))!;
        if (vector.Peers is not null)
        {
            // A stored peer set is named with the id charset; it holds the peers plus the subject.
            var set = await cli.RunAsync("peers", "set", "rivals", string.Join(',', vector.Peers.Append(vector.Subject!)));
            Assert.That(set.Code, Is.Zero, set.ToString());
            args[^1] = "peers:rivals";
            expected["benchmark"] = "peers:rivals";
        }

        if (vector.From is not null)
        {
            args.AddRange(["--from", vector.From, "--to", vector.To!]);
        }

        args.AddRange(["--min-effort", vector.MinEffort.ToString(CultureInfo.InvariantCulture), "--min-user-posts", vector.MinUserPosts.ToString(CultureInfo.InvariantCulture)]);
        var report = await cli.RunAsync([.. args]);
        Assert.That(report.Code, Is.Zero, report.ToString());

        using var expectedDocument = JsonDocument.Parse(expected.ToJsonString());
        using var actual = JsonDocument.Parse(report.Output);
        Assert.That(JsonComparer.Differences(expectedDocument.RootElement, actual.RootElement), Is.Empty);
    }
}
