using Engagement.Domain.Model;

namespace Engagement.Domain.Scoring;

/// <summary>
/// What the engine scores: the brands, their accounts with classified activity, and the
/// named peer sets. Built once, it can answer many reports (windows, sets, trends).
/// </summary>
public sealed class ScoringInput
{
    private readonly IReadOnlyDictionary<string, IReadOnlyCollection<string>> _peerSets;

    public ScoringInput(
        IEnumerable<Brand> brands,
        ActivityIndex activity,
        IReadOnlyDictionary<string, IReadOnlyCollection<string>>? peerSets = null)
    {
        Brands = brands.ToDictionary(b => b.Id, StringComparer.Ordinal);
        Activity = activity;
        _peerSets = peerSets ?? new Dictionary<string, IReadOnlyCollection<string>>();
    }

    public IReadOnlyDictionary<string, Brand> Brands { get; }

    public ActivityIndex Activity { get; }

    public static ScoringInput From(
        IEnumerable<Brand> brands,
        IEnumerable<Account> accounts,
        IEnumerable<Post> posts,
        IEnumerable<FollowerSnapshot> followers,
        IReadOnlyDictionary<string, IReadOnlyCollection<string>>? peerSets = null) =>
        new(brands, ActivityIndex.Build(accounts, posts, followers), peerSets);

    public IReadOnlyCollection<string>? PeerSet(string name) => _peerSets.GetValueOrDefault(name);

    public IEnumerable<string> PeerSetNames => _peerSets.Keys;
}

/// <summary>The parameters every report shares: benchmark set, subject brand, window and thresholds.</summary>
public sealed record ReportRequest(
    BenchmarkSetSpec Benchmark,
    string? Subject = null,
    DateOnly? From = null,
    DateOnly? To = null,
    SufficiencySettings? Settings = null);
