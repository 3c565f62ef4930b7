namespace Engagement.Domain.Model;

/// <summary>Handle normalisation (methodology.md §1).</summary>
public static class Handle
{
    /// <summary>Removes every leading <c>@</c> and lower-cases (invariant culture); nothing else changes.</summary>
    public static string Normalize(string raw) => raw.TrimStart('@').ToLowerInvariant();
}
