namespace Engagement.Domain.Scoring;

/// <summary>
/// What one workspace sees of the store: the brands it tracks and its own peer sets. Benchmark
/// sets <c>all</c> and <c>industry</c> span the whole store; <c>peers:NAME</c> is the workspace's.
/// </summary>
public sealed record WorkspaceScope(IReadOnlySet<string> Brands, IReadOnlyDictionary<string, IReadOnlyCollection<string>> PeerSets)
{
    /// <summary>An unknown workspace: no brand, no peer set.</summary>
    public static WorkspaceScope Empty { get; } = new(
        new HashSet<string>(StringComparer.Ordinal), new Dictionary<string, IReadOnlyCollection<string>>(StringComparer.Ordinal));
}
