using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engagement.Service.Tests.Infrastructure;
using Engagement.Service.Tests.Postgres;
using Engagement.Tests.Shared;

namespace Engagement.Service.Tests.Api;

/// <summary>
/// Each data set of the spec's vectors uploaded through <c>POST /imports</c> into its own store, then
/// every expected file asked of the API: <c>/benchmarks</c> and the trend route must return the
/// reference JSON, the comparison the reference's shares, the import the reference's rejected rows.
/// </summary>
[TestFixtureSource(nameof(Sources))]
public class VectorApiTests(string folder, string provider) : ApiFixture
{
    private readonly string _schema = $"api_{Guid.NewGuid():N}";
    private JsonElement _import;

    /// <summary>Every vector folder, on SQLite and on PostgreSQL (the same routes over either store).</summary>
    public static IEnumerable<object[]> Sources() =>
        from folder in VectorCases.All().Select(c => c.Folder).Distinct()
        from provider in StoreProviders.All()
        select new object[] { folder, provider };

    protected override EngagementFactory CreateFactory() =>
        provider == StoreProviders.Postgres ? new EngagementFactory(StoreProviders.CreateSchema(_schema)) : new EngagementFactory();

    [OneTimeTearDown]
    public void DropSchema()
    {
        if (provider == StoreProviders.Postgres && Environment.GetEnvironmentVariable(StoreProviders.Variable) is { Length: > 0 })
        {
            StoreProviders.DropSchema(_schema);
        }
    }

    [OneTimeSetUp]
    public async Task UploadAsync() => _import = await UploadAsync(Admin);

    [Test]
    public void Import_rejects_exactly_the_rows_the_reference_rejects()
    {
        var expected = File.Exists(Path.Combine(FolderPath, "stderr-lenient.txt"))
            ? File.ReadAllLines(Path.Combine(FolderPath, "stderr-lenient.txt"))
                .Where(line => line.Length > 0)
                .Select(line => string.Join(':', line.Split(':').Take(3)).Replace(": column ", ":", StringComparison.Ordinal))
                .ToList()
            : [];
        var actual = _import.GetProperty("files").EnumerateArray()
            .SelectMany(f => f.GetProperty("rejectedRows").EnumerateArray())
            .Select(r => $"{r.GetProperty("file").GetString()}:{r.GetProperty("line").GetInt32()}:{r.GetProperty("column").GetString()}")
            .ToList();
        Assert.That(actual, Is.EquivalentTo(expected));
        Assert.That(_import.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("fileRejection").ValueKind), Has.All.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task Every_expected_file_is_what_the_api_returns()
    {
        var differences = new List<string>();
        foreach (var vector in VectorCases.All().Where(c => c.Folder == folder))
        {
            using var expected = JsonDocument.Parse(await File.ReadAllTextAsync(vector.ExpectedPath));
            if (vector.Peers is not null)
            {
                // The reference names the peers inline (peers:lynx,viper), which is no peer-set name the API accepts.
                continue;
            }

            if (vector.Compare is { } brands)
            {
                var report = await Reader.GetFromJsonAsync<JsonElement>($"/api/v1/reports/compare?brands={brands}&{Query(vector)}");
                var shares = report.GetProperty("rows").EnumerateArray().Select(Share).ToList();
                var reference = expected.RootElement.GetProperty("comparison").EnumerateArray().Select(Share).ToList();
                differences.AddRange(reference.Except(shares).Select(s => $"{vector}: missing share {s}"));
                continue;
            }

            var url = vector.Trend is { } granularity
                ? $"/api/v1/reports/brands/{FirstBrand()}/trend?granularity={granularity}&{Query(vector)}"
                : $"/api/v1/benchmarks/download?{Query(vector)}";
            var actual = JsonNode.Parse(await Reader.GetStringAsync(url))!.AsObject();

            // The API adds the data version it computed from; the reference shape has none.
            Assert.That(actual.Remove("dataVersion"), Is.EqualTo(vector.Trend is not null), $"{vector}: dataVersion");
            using var reparsed = JsonDocument.Parse(actual.ToJsonString());
            differences.AddRange(JsonComparer.Differences(expected.RootElement, reparsed.RootElement).Select(d => $"{vector}: {d}"));
        }

        Assert.That(differences, Is.Empty);
    }

    [Test]
    public async Task Uploading_the_same_files_again_stores_nothing_new()
    {
        var again = await UploadAsync(Admin);
        Assert.That(again.GetProperty("stored").GetInt64(), Is.Zero);
        Assert.That(again.GetProperty("updated").GetInt64(), Is.Zero);
        Assert.That(again.GetProperty("rejected").GetInt64(), Is.EqualTo(_import.GetProperty("rejected").GetInt64()));
    }

    /// <summary>An empty store: the data set comes in through the API.</summary>
    protected override Task SeedAsync(IServiceProvider services) => Task.CompletedTask;

    private string FolderPath => Path.Combine(TestContext.CurrentContext.TestDirectory, "vectors", folder);

    private async Task<JsonElement> UploadAsync(HttpClient client)
    {
        using var form = new MultipartFormDataContent();
        foreach (var name in new[] { "brands.csv", "accounts.csv", "posts.csv", "followers.csv" })
        {
            form.Add(new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(FolderPath, name))), "files", name);
        }

        var response = await client.PostAsync("/api/v1/imports", form);
        Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private string FirstBrand() => File.ReadLines(Path.Combine(FolderPath, "brands.csv")).Skip(1).First().Split(',')[0];

    private static string Query(VectorCase vector) =>
        $"benchmark={Uri.EscapeDataString(vector.Benchmark)}&minEffort={vector.MinEffort}&minUserPosts={vector.MinUserPosts}"
        + (vector.From is null ? "" : $"&from={vector.From}")
        + (vector.To is null ? "" : $"&to={vector.To}");

    private static string Share(JsonElement row) =>
        $"{row.GetProperty("network").GetString()}/{row.GetProperty("brand").GetString()}: {row.GetProperty("shareOfConversation")}";
}
