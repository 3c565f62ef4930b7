using Engagement.Data.Generation;
using Engagement.Domain.Scoring;

namespace Engagement.Data.Tests.Generation;

public class DatasetGeneratorTests
{
    private static GeneratorOptions Options(int seed = 7, int brands = 200) =>
        new(brands, GeneratorOptions.DefaultNetworks, 30, 5, seed, new DateOnly(2024, 6, 1));

    [Test]
    public void Generate_is_deterministic_for_a_seed()
    {
        var first = new DatasetGenerator(Options()).Posts().Take(2000).ToList();
        var second = new DatasetGenerator(Options()).Posts().Take(2000).ToList();
        var other = new DatasetGenerator(Options(seed: 8)).Posts().Take(2000).ToList();
        Assert.That(second, Is.EqualTo(first).Using<Engagement.Domain.Model.Post>((a, b) => a.PostId == b.PostId && a.CreatedAt == b.CreatedAt && a.Likes == b.Likes));
        Assert.That(other.Select(p => p.CreatedAt), Is.Not.EqualTo(first.Select(p => p.CreatedAt)));
    }

    [Test]
    public void Generate_has_plausible_shapes()
    {
        var generator = new DatasetGenerator(Options());
        var input = ScoringInput.From(generator.Brands(), generator.Accounts(), generator.Posts(), generator.Followers());
        var document = ScoringEngine.Benchmark(input, new ReportRequest(BenchmarkSetSpec.All));
        var followers = document.Accounts.Select(a => a.FollowersEnd!.Value).Order().ToList();

        Assert.That(document.Window.From, Is.EqualTo(new DateOnly(2024, 6, 1)), "nothing after the period");
        Assert.That(followers[^1] / (double)followers[followers.Count / 2], Is.GreaterThan(50), "heavy-tailed audiences");
        Assert.That(document.Accounts.Where(a => a.Network != "youtube").Select(a => a.ReachBasis).Distinct(), Is.EqualTo(new[] { ReachBasis.Estimated }).Or.EqualTo(new[] { ReachBasis.Estimated, ReachBasis.None }));
        Assert.That(document.Accounts.Where(a => a.Network == "youtube" && a.Posts > 0).Select(a => a.ReachBasis).Distinct(), Is.EqualTo(new[] { ReachBasis.Observed }));
        Assert.That(document.Accounts.Count(a => a.UserPosts >= 5 && a.Answers == 0), Is.GreaterThan(10), "brands that never answer");
        Assert.That(document.Accounts.Count(a => a.Responsiveness > 0.8 && a.MedianFirstResponseMinutes < 600), Is.GreaterThan(10), "brands that answer most users within hours");
        Assert.That(input.Activity.Activities.SelectMany(a => a.UserPosts).Count(p => p.InReplyToAuthor is null), Is.GreaterThan(100), "mentions as well as replies");
    }
}
