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

    [TestCase(1)]
    [TestCase(64)]
    [TestCase(1_000)]
    public void Documents_written_in_small_chunks_are_the_same_bytes(int chunkSize)
    {
        // Chunks smaller than a record, than a value (a chunk then grows to the value's size) and
        // between the two: every record and value crosses or fills chunks somewhere.
        var measures = Enumerable.Range(0, 300).Select(i => new AccountMeasures(
            $"brand-{i}-{new string('é', i % 50)}", "bluesky", $"h{i}@x.example", i, 1, i + 1, 3, 2, 10L * i, null,
            ReachBasis.Estimated, 5, null, 0.1 * i, 1e-7 * i, 0.5, 1.0, 0.25, 0.75, 12.5, null, -0.02, i / 7.0,
            new KpiFlags(true, i % 2 == 0, false)) { Scores = new KpiScores(50.0, null, 33.333333333333336, 41.66666666666667) }).ToList();
        var brands = measures.Select((m, i) => new BrandScore(m.Brand, 100.0 * i / 300, "B", i + 1)).ToList();
        var document = new BenchmarkDocument(BenchmarkDocument.SpecVersion, Window, "all", measures, brands, []);

        var segments = BenchmarkJson.Segments(document, chunkSize);

        Assert.That(Encoding.UTF8.GetString(BenchmarkJson.ToArray(segments)), Is.EqualTo(ReportJson.Serialize(document)));
        Assert.That(segments, Has.Count.GreaterThan(10), "written in many chunks");
    }

    [Test]
    public void Hostile_text_and_extreme_numbers_are_written_as_the_serializer_writes_them()
    {
        // Quotes, backslashes, control characters, HTML-sensitive and non-ASCII text, lone
        // surrogates; doubles at the edges of the reference's whole-number rule and of the range.
        string[] texts = ["a\"b\\c", "tab\tnew\nline\u0001", "<script>&'+", "café 東京 🎉", "\ud800 lone", "", " "];
        double[] numbers = [0.0, -0.0, 1e16, 1e16 - 2, 9.999999999999998e15, 1e-5, -1e-7, 123456789.125, double.MaxValue, double.Epsilon,
            -double.MaxValue, 0.1 + 0.2, 1.0 / 3, 2.5e-300, 1e21, 300.0];
        var measures = texts.SelectMany((text, t) => numbers.Select((number, n) => new AccountMeasures(
            text, "x", text + n, n, t, n + t, -n, 0, long.MaxValue - n, n % 2 == 0 ? null : long.MinValue,
            (ReachBasis)(n % 4), null, -n, number, -number, n % 3 == 0 ? null : number / 3, number, number, number, number, number, number,
            number, new KpiFlags(n % 2 == 0, t % 2 == 0, true)) { Scores = new KpiScores(number, null, -number, number) })).ToList();
        var brands = texts.Select((text, t) => new BrandScore(text, numbers[t], t % 2 == 0 ? text : null, t % 3 == 0 ? null : t)).ToList();
        var distribution = numbers.Select((number, n) => new DistributionRow(texts[n % texts.Length], "impact", n, number, null, -number, 0, 1e-9)).ToList();
        var document = new BenchmarkDocument(BenchmarkDocument.SpecVersion, Window, texts[2], measures, brands, distribution)
        {
            Comparison = [new ConversationShare(texts[3], texts[0], 3, 0.5), new ConversationShare("y", "z", 0, null)],
        };

        Assert.That(Encoding.UTF8.GetString(BenchmarkJson.Serialize(document)), Is.EqualTo(ReportJson.Serialize(document)));
    }

    [Test]
    public void Numbers_are_formatted_as_the_reference_writes_them()
    {
        // The rule as it was written before it moved to UTF-8 formatting, over random bit patterns.
        var random = new Random(16);
        var bits = new byte[8];
        for (var i = 0; i < 100_000; i++)
        {
            random.NextBytes(bits);
            var value = i % 2 == 0 ? BitConverter.ToDouble(bits) : Math.Round(random.NextDouble() * Math.Pow(10, i % 20), i % 4);
            if (!double.IsFinite(value))
            {
                continue;
            }

            var expected = Math.Abs(value) < 1e16 && value == Math.Floor(value)
                ? value.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)
                : value.ToString("R", System.Globalization.CultureInfo.InvariantCulture).Replace('E', 'e');
            Assert.That(ReportJson.Serialize(value), Is.EqualTo(expected), $"bits {BitConverter.DoubleToInt64Bits(value):x16}");
        }
    }
}
