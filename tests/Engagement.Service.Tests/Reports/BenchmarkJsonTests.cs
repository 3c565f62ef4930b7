using System.Text;
using Engagement.Domain.Scoring;
using Engagement.Service.Reports;

namespace Engagement.Service.Tests.Reports;

public sealed class BenchmarkJsonTests
{
    private static readonly ReportWindow Window = new(new DateOnly(2024, 6, 1), new DateOnly(2024, 7, 1));

    [Test]
    public void An_empty_document_is_written_as_the_serializer_writes_it()
    {
        var document = new BenchmarkDocument(BenchmarkDocument.SpecVersion, Window, "all", [], [], []);

        Assert.That(Encoding.UTF8.GetString(BenchmarkJson.Serialize(document)), Is.EqualTo(ReportJson.Serialize(document)));
    }

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(1_000)]
    public void Documents_split_in_chunks_are_written_as_the_serializer_writes_them(int accounts)
    {
        var measures = Enumerable.Range(0, accounts).Select(i => new AccountMeasures(
            $"brand-{i}", i % 2 == 0 ? "bluesky" : "mastodon", $"h{i}@x+y.example", i, 1, i + 1, 3, 2, 10L * i, i % 3 == 0 ? null : 1_000_000L * i,
            ReachBasis.Estimated, 5, null, 0.1 * i, 1e-7 * i, 0.5, 1.0, 0.25, 0.75, 12.5, null, -0.02, i / 7.0,
            new KpiFlags(true, i % 2 == 0, false)) { Scores = new KpiScores(50.0, null, 33.333333333333336, 41.66666666666667) }).ToList();
        var brands = measures.Select((m, i) => new BrandScore(m.Brand, i % 4 == 0 ? null : 100.0 * i / accounts, "B", i + 1)).ToList();
        var document = new BenchmarkDocument(BenchmarkDocument.SpecVersion, Window, "peers:rivals", measures, brands,
            [new DistributionRow("bluesky", "engagement", 3, 1.5, 2, null, 4e20, 5)])
        {
            Comparison = [new ConversationShare("bluesky", "brand-0", 3, null)],
        };

        Assert.That(Encoding.UTF8.GetString(BenchmarkJson.Serialize(document)), Is.EqualTo(ReportJson.Serialize(document)));
    }
}
