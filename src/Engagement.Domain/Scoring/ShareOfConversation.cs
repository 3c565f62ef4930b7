namespace Engagement.Domain.Scoring;

/// <summary>A compared brand's user posts on a network and its share of the compared brands' total.</summary>
public sealed record ConversationShare(string Network, string Brand, int UserPosts, double? ShareOfConversation);

/// <summary>Share of conversation within a comparison of brands (section 10).</summary>
public static class ShareOfConversationCalculator
{
    /// <summary>
    /// One row per compared brand with an account on a network, by (network, brand). A brand
    /// without an account on a network has no row there; a sum of zero gives null shares.
    /// </summary>
    public static IReadOnlyList<ConversationShare> Compute(IEnumerable<AccountMeasures> accounts, IReadOnlySet<string> compared)
    {
        var rows = new List<ConversationShare>();
        var byNetwork = accounts
            .Where(a => compared.Contains(a.Brand))
            .GroupBy(a => a.Network)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var network in byNetwork)
        {
            long total = network.Sum(a => (long)a.UserPosts);
            rows.AddRange(network
                .OrderBy(a => a.Brand, StringComparer.Ordinal)
                .Select(a => new ConversationShare(a.Network, a.Brand, a.UserPosts, total == 0 ? null : (double)a.UserPosts / total)));
        }

        return rows;
    }
}
