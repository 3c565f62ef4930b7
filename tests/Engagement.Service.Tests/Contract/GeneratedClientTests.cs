using System.Text.Json;
using Engagement.Service.Tests.Browser;

namespace Engagement.Service.Tests.Contract;

/// <summary>
/// Clients generated from the live OpenAPI document by Kiota and by NSwag, built and run against
/// <c>engagement serve --demo</c>: list brands (every page), a brand report, a comparison, a trend,
/// the paged benchmark document, a peer set created and read back, a CSV report, a problem.
/// </summary>
[NonParallelizable]
public class GeneratedClientTests
{
    private ServeProcess _serve = null!;
    private string _folder = "";
    private string _output = "";

    [OneTimeSetUp]
    public async Task GenerateBuildAndRunAsync()
    {
        _serve = await ServeProcess.StartDemoAsync();
        _folder = Directory.CreateTempSubdirectory("engagement-clients-").FullName;
        using var http = new HttpClient();
        var document = Path.Combine(_folder, "openapi.json");
        await File.WriteAllTextAsync(document, await http.GetStringAsync($"{_serve.Url}/openapi/v1.json"));

        var kiota = await Tools.KiotaAsync();
        var generated = await Tools.RunAsync(
            kiota,
            ["generate", "-l", "CSharp", "-d", document, "-o", Path.Combine(_folder, "Kiota"), "-c", "EngagementKiotaClient",
                "-n", "Engagement.Clients.Kiota", "--exclude-backward-compatible", "--clean-output", "--log-level", "Warning"],
            _folder,
            new Dictionary<string, string> { ["KIOTA_TUTORIAL_ENABLED"] = "false", ["KIOTA_OFFLINE_ENABLED"] = "true" });
        Assert.That(generated.ExitCode, Is.Zero, generated.Output);

        var nswag = await Tools.NSwagAsync();
        generated = await Tools.RunAsync(
            nswag,
            ["openapi2csclient", $"/input:{document}", $"/output:{Path.Combine(_folder, "NSwag", "EngagementNSwagClient.cs")}",
                "/namespace:Engagement.Clients.NSwag", "/classname:EngagementNSwagClient", "/generateNullableReferenceTypes:true",
                "/generateOptionalPropertiesAsNullable:true"],
            _folder);
        Assert.That(generated.ExitCode, Is.Zero, generated.Output);

        var driver = Path.Combine(AppContext.BaseDirectory, "Contract", "ClientDriver");
        File.Copy(Path.Combine(driver, "Clients.csproj.txt"), Path.Combine(_folder, "Clients.csproj"));
        File.Copy(Path.Combine(driver, "Program.cs.txt"), Path.Combine(_folder, "Program.cs"));
        var build = await Tools.RunAsync("dotnet", ["build", "-nodeReuse:false", "--disable-build-servers", "-v", "q", "-o", Path.Combine(_folder, "out")], _folder);
        Assert.That(build.ExitCode, Is.Zero, build.Output);

        var run = await Tools.RunAsync("dotnet", [Path.Combine(_folder, "out", "Clients.dll"), _serve.Url, _serve.AdminKey], _folder);
        _output = run.Output;
        TestContext.Progress.WriteLine(_output);
        Assert.That(run.ExitCode, Is.Zero, run.Output);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _serve.DisposeAsync();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [TestCase("kiota")]
    [TestCase("nswag")]
    public async Task Client_lists_every_brand_page_by_page(string client)
    {
        using var http = Http();
        var all = new List<string>();
        for (string? next = $"{_serve.Url}/api/v1/brands?limit=1000"; next is not null;)
        {
            using var page = JsonDocument.Parse(await http.GetStringAsync(next));
            all.AddRange(page.RootElement.GetProperty("items").EnumerateArray().Select(b => b.GetProperty("id").GetString()!));
            next = page.RootElement.GetProperty("next").GetString();
        }

        Assert.That(Line(client, "brands"), Is.EqualTo(string.Join(',', all)));
        Assert.That(int.Parse(Line(client, "brandPages"), System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo((all.Count + 4) / 5));
    }

    [TestCase("kiota")]
    [TestCase("nswag")]
    public async Task Client_reads_the_reports_as_the_api_writes_them(string client)
    {
        using var http = Http();
        using var report = JsonDocument.Parse(await http.GetStringAsync($"{_serve.Url}/api/v1/reports/brands/pixel-nord"));
        var score = report.RootElement.GetProperty("score").GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Multiple(() =>
        {
            Assert.That(Line(client, "brandReport"), Does.StartWith($"pixel-nord score={score} rank={report.RootElement.GetProperty("rank").GetInt32()} networks=3 dataVersion="));
            Assert.That(Line(client, "comparison"), Does.StartWith("brands=3 rows=9 shares="));
            Assert.That(Line(client, "comparison"), Is.EqualTo(Line("kiota", "comparison")));
            Assert.That(Line(client, "trend").ToLowerInvariant(), Does.StartWith("granularity=month buckets="));
            Assert.That(Line(client, "csv"), Is.EqualTo("rows=9 header=brand..spec"));
        });
    }

    [TestCase("kiota")]
    [TestCase("nswag")]
    public async Task Client_pages_through_the_benchmark_document_to_the_whole_of_it(string client)
    {
        using var http = Http();
        using var whole = JsonDocument.Parse(await http.GetStringAsync($"{_serve.Url}/api/v1/benchmarks/download"));
        var accounts = whole.RootElement.GetProperty("accounts").GetArrayLength();
        var brands = whole.RootElement.GetProperty("brands").GetArrayLength();
        Assert.That(Line(client, "benchmark"), Is.EqualTo($"accounts={accounts} brands={brands} pages={(Math.Max(accounts, brands) + 6) / 7}"));
    }

    [TestCase("kiota")]
    [TestCase("nswag")]
    public void Client_creates_a_peer_set_and_reads_it_back(string client) =>
        Assert.That(Line(client, "peerSet"), Is.EqualTo($"client-{client}=mile-end-digital,pixel-nord"));

    [Test]
    public void Nswag_client_reads_a_problem_as_the_declared_problem_details() =>
        Assert.That(Line("nswag", "problem"), Is.EqualTo("404 https://engagement.dev/problems/unknown-brand"));

    private HttpClient Http()
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _serve.AdminKey);
        return http;
    }

    private string Line(string client, string what)
    {
        var prefix = $"{client}|{what}|";
        var line = _output.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        Assert.That(line, Is.Not.Null, $"no {prefix} line in:\n{_output}");
        return line![prefix.Length..];
    }
}
