using Engagement.Domain.Model;
using Engagement.Domain.Scoring;
using Engagement.Service.Reports;

namespace Engagement.Service.Tests.Reports;

/// <summary>
/// Work shared by concurrent identical requests (a window's days, a scored snapshot) belongs to
/// none of them: a client that disconnects stops waiting, and the others still get their answer.
/// </summary>
public sealed class SharedTasksTests
{
    [Test]
    public async Task First_caller_cancels_and_a_concurrent_identical_request_still_succeeds()
    {
        var tasks = new SharedTasks<string, int>(capacity: 8);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        async Task<int> Work()
        {
            Interlocked.Increment(ref runs);
            await release.Task;
            return 42;
        }

        using var first = new CancellationTokenSource();
        var firstCall = tasks.GetAsync("key", Work, first.Token);
        var secondCall = tasks.GetAsync("key", Work, CancellationToken.None);
        await first.CancelAsync();
        release.SetResult();

        Assert.Multiple(async () =>
        {
            Assert.That(async () => await firstCall, Throws.InstanceOf<OperationCanceledException>(), "the client that left stops waiting");
            Assert.That(await secondCall, Is.EqualTo(42), "the stranger's request is served");
            Assert.That(runs, Is.EqualTo(1), "computed once for both");
            Assert.That(await tasks.GetAsync("key", Work, CancellationToken.None), Is.EqualTo(42), "and kept for the next one");
            Assert.That(runs, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Failed_work_is_not_kept()
    {
        var tasks = new SharedTasks<string, int>(capacity: 8);
        var attempt = 0;
        Task<int> Work() => ++attempt == 1 ? Task.FromException<int>(new InvalidOperationException("read failed")) : Task.FromResult(7);

        Assert.That(async () => await tasks.GetAsync("key", Work, CancellationToken.None), Throws.InvalidOperationException);
        Assert.That(await tasks.GetAsync("key", Work, CancellationToken.None), Is.EqualTo(7));
    }

    [Test]
    public async Task A_cancelled_report_does_not_fail_the_same_report_asked_at_the_same_time()
    {
        // Through the caches the views use: the first caller's token never reaches the scoring.
        var brands = new Dictionary<string, Brand>(StringComparer.Ordinal) { ["a"] = new("a", "A", null) };
        var caches = new ScoringCaches(brands, _ => WorkspaceScope.Empty);
        var set = caches.Resolve(BenchmarkSetSpec.All, null, "default");
        var window = new ReportWindow(new DateOnly(2024, 6, 1), new DateOnly(2024, 7, 1));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<BenchmarkResult> Score()
        {
            await release.Task;
            return BenchmarkScorer.Score([], set.Brands);
        }

        using var leaving = new CancellationTokenSource();
        var first = caches.ScoreAsync(set, window, SufficiencySettings.Default, Score, leaving.Token);
        var second = caches.ScoreAsync(set, window, SufficiencySettings.Default, Score, CancellationToken.None);
        await leaving.CancelAsync();
        release.SetResult();
        Assert.That(async () => await first, Throws.InstanceOf<OperationCanceledException>());
        Assert.That((await second).Result.Brands.Select(b => b.Brand), Is.EqualTo(new[] { "a" }));
    }
}
