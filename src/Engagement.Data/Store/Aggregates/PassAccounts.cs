using System.Text;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Aggregates;

/// <summary>
/// The tracked accounts one <see cref="AggregateScan"/> pass recomputes, numbered 0..n-1, each
/// with its follower snapshots, found by network and handle without a string (<see cref="Cursor"/>
/// looks the scanned bytes up decoded into a span).
/// </summary>
internal sealed class PassAccounts
{
    private readonly Dictionary<string, Dictionary<string, int>> _byNetwork = new(StringComparer.Ordinal);

    public PassAccounts(IReadOnlyList<AccountKey> keys)
    {
        Followers = new List<(DateOnly, long)>?[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            if (!_byNetwork.TryGetValue(keys[i].Network, out var handles))
            {
                handles = new Dictionary<string, int>(StringComparer.Ordinal);
                _byNetwork[keys[i].Network] = handles;
            }

            handles[keys[i].Handle] = i;
        }
    }

    /// <summary>The networks of <paramref name="keys"/> (in key order: each network's accounts a contiguous range), in that order.</summary>
    public static List<(string Network, int First, int Count)> Networks(IReadOnlyList<AccountKey> keys) =>
        [.. keys.Select((key, i) => (key.Network, First: i)).GroupBy(key => key.Network, StringComparer.Ordinal)
            .Select(group => (group.Key, group.First().First, group.Count()))];

    /// <summary>Each account's snapshots in date order, as the index walk reads them; null when none.</summary>
    public List<(DateOnly Date, long Followers)>?[] Followers { get; }

    /// <summary>The pass's accounts in <paramref name="network"/> by handle, or null when it has none there.</summary>
    public Dictionary<string, int>? In(string network) => _byNetwork.GetValueOrDefault(network);

    /// <summary>The pass's index of the account, or -1.</summary>
    public int Find(string network, string handle) => In(network)?.GetValueOrDefault(handle, -1) ?? -1;

    /// <summary>The pass's handles in <paramref name="network"/>, or null when it has none there.</summary>
    private Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>? Handles(string network) =>
        _byNetwork.TryGetValue(network, out var handles) ? handles.GetAlternateLookup<ReadOnlySpan<char>>() : null;

    /// <summary>The account's aggregate from its totals and its snapshots.</summary>
    public AccountAggregate Build(int index, AccountAggregator totals) => totals.Build(Followers[index] ?? []);

    /// <summary>A scan's current network and the pass's handles in it, matched on the scanned UTF-8 bytes.</summary>
    public ref struct Cursor(PassAccounts accounts)
    {
        private byte[]? _network;
        private Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>? _handles;

        public void MoveTo(ReadOnlySpan<byte> network)
        {
            if (_network is null || !network.SequenceEqual(_network))
            {
                _network = network.ToArray();
                _handles = accounts.Handles(Encoding.UTF8.GetString(network));
            }
        }

        /// <summary>The pass's index of the account with this handle in the current network, or -1.</summary>
        public readonly int Find(ReadOnlySpan<byte> handle)
        {
            if (_handles is not { } handles)
            {
                return -1;
            }

            Span<char> buffer = handle.Length <= 256 ? stackalloc char[256] : new char[handle.Length];
            return handles.TryGetValue(buffer[..Encoding.UTF8.GetChars(handle, buffer)], out var index) ? index : -1;
        }
    }
}
