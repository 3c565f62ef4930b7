using Engagement.Data.Store.Import;
using Engagement.Domain.Scoring;
using Engagement.Service.Reports;
using Engagement.Service.Tests.Infrastructure;

namespace Engagement.Service.Tests.Reports;

/// <summary>The dashboard against the report path's own documents: the same ranking, scores, previous window and weekly buckets.</summary>
public sealed class DashboardServiceTests
{
    private static readonly DateOnly From = new(2026, 10, 1);
    private static readonly DateOnly To = new(2026, 11, 1);
    private ReportPaths _paths = null!;
    private DashboardService _dashboard = null!;

    [OneTimeSetUp]
    public async Task ImportSamplesAsync()
    {
        _paths = await ReportPaths.CreateAsync();
        var report = await new DatasetImporter(_paths.Factory, new Engagement.Data.Store.Aggregates.AggregateStore(_paths.Factory)).ImportAsync([Samples.Folder]);
        Assert.That(report.HasProblems, Is.False);
        _dashboard = new DashboardService(_paths.Fast, collection: null, TimeProvider.System);
    }

    [OneTimeTearDown]
    public void Dispose() => _paths.Dispose();

    private static ReportQuery Window => new() { From = From, To = To };

    [Test]
    public async Task Rows_are_the_benchmark_ranking_with_its_scores_grades_and_kpis()
    {
        var dashboard = await _dashboard.GetAsync(new DashboardQuery { Report = Window, PageSize = 100 }, CancellationToken.None);
        var document = await _paths.Fast.BenchmarkAsync(Window, CancellationToken.None);
        var expected = document.Brands.OrderBy(b => b.Rank ?? int.MaxValue).ThenBy(b => b.Brand, StringComparer.Ordinal).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(dashboard.Rows.Select(r => r.Brand), Is.EqualTo(expected.Select(b => b.Brand)));
            Assert.That(dashboard.Rows.Select(r => (r.Score, r.Grade, r.Rank)), Is.EqualTo(expected.Select(b => (b.Score, b.Grade, b.Rank))));
            Assert.That(dashboard.Rows.Select(r => r.Networks.Count).Sum(), Is.EqualTo(document.Accounts.Count));
            Assert.That(dashboard.Rows.Single(r => r.Brand == "pixel-nord").Name, Is.EqualTo("Pixel Nord"));
            Assert.That(dashboard.BenchmarkBrands, Is.EqualTo(12));
            Assert.That(dashboard.Window, Is.EqualTo(new ReportWindow(From, To)));
        });
        var pixel = dashboard.Rows.Single(r => r.Brand == "pixel-nord").Networks;
        Assert.That(pixel.Select(a => a.Scores), Is.EqualTo(document.Accounts.Where(a => a.Brand == "pixel-nord").Select(a => a.Scores)));
    }

    [Test]
    public async Task Change_is_against_the_window_of_the_same_length_before()
    {
        var dashboard = await _dashboard.GetAsync(new DashboardQuery { Report = Window, PageSize = 100 }, CancellationToken.None);
        var before = await _paths.Fast.BenchmarkAsync(new ReportQuery { From = new DateOnly(2026, 8, 31), To = From }, CancellationToken.None);

        Assert.That(dashboard.Previous, Is.EqualTo(new ReportWindow(new DateOnly(2026, 8, 31), From)));
        foreach (var row in dashboard.Rows)
        {
            var previous = before.Brands.Single(b => b.Brand == row.Brand).Score;
            Assert.That(row.PreviousScore, Is.EqualTo(previous), row.Brand);
            Assert.That(row.Change, Is.EqualTo(row.Score is { } s && previous is { } p ? Math.Round(s - p, 1) : null), row.Brand);
        }

        Assert.That(dashboard.Rows.Count(r => r.Change is not null), Is.GreaterThan(0), "the samples have data before October");
    }

    [Test]
    public async Task Sparkline_has_full_weeks_only_scored_as_the_trend_scores_them()
    {
        var dashboard = await _dashboard.GetAsync(new DashboardQuery { Report = Window, PageSize = 100 }, CancellationToken.None);
        var trend = await _paths.Fast.TrendAsync("pixel-nord", TrendGranularity.Week, Window, CancellationToken.None);
        var full = trend.Buckets.Where(b => b.To.DayNumber - b.From.DayNumber == 7).ToList();

        Assert.Multiple(() =>
        {
            // October 2026 starts on a Thursday and ends on a Saturday: both ends are partial weeks.
            Assert.That(dashboard.Weeks.Select(w => w.From), Is.EqualTo(new[] { new DateOnly(2026, 10, 5), new DateOnly(2026, 10, 12), new DateOnly(2026, 10, 19) }));
            Assert.That(dashboard.Weeks.Select(w => w.From), Is.EqualTo(full.Select(b => b.From)));
            foreach (var row in dashboard.Rows)
            {
                Assert.That(row.Weekly, Is.EqualTo(full.Select(b => b.Brands.Single(s => s.Brand == row.Brand).Score)), row.Brand);
            }
        });
    }

    [Test]
    public async Task Search_paging_and_a_keys_brand_restriction_narrow_the_ranking()
    {
        var all = await _dashboard.GetAsync(new DashboardQuery { Report = Window, PageSize = 100 }, CancellationToken.None);
        var second = await _dashboard.GetAsync(new DashboardQuery { Report = Window, PageSize = 5, Page = 2 }, CancellationToken.None);
        var beyond = await _dashboard.GetAsync(new DashboardQuery { Report = Window, PageSize = 5, Page = 99 }, CancellationToken.None);
        var search = await _dashboard.GetAsync(new DashboardQuery { Report = Window, Search = "MÉDIA" }, CancellationToken.None);
        var byId = await _dashboard.GetAsync(new DashboardQuery { Report = Window, Search = "nord" }, CancellationToken.None);
        var workspace = await _dashboard.GetAsync(
            new DashboardQuery { Report = Window with { Brands = new HashSet<string>(["verdun-web", "pixel-nord"], StringComparer.Ordinal) } }, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That((second.Page, second.Pages, second.Matching), Is.EqualTo((2, 3, 12)));
            Assert.That(second.Rows.Select(r => r.Brand), Is.EqualTo(all.Rows.Skip(5).Take(5).Select(r => r.Brand)));
            Assert.That((beyond.Page, beyond.Rows.Count), Is.EqualTo((3, 2)), "a page past the end shows the last one");
            Assert.That(search.Rows.Select(r => r.Brand), Is.EqualTo(new[] { "outremont-media" }), "names match case-insensitively");
            Assert.That(byId.Rows.Select(r => r.Brand), Is.EqualTo(new[] { "pixel-nord" }));
            Assert.That(workspace.Rows.Select(r => r.Brand), Is.EquivalentTo(new[] { "verdun-web", "pixel-nord" }));
            Assert.That(workspace.Rows.Single(r => r.Brand == "pixel-nord").Rank, Is.EqualTo(all.Rows.Single(r => r.Brand == "pixel-nord").Rank),
                "ranks stay those of the benchmark set");
        });
    }
}
