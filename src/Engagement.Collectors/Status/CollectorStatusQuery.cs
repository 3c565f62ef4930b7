using Engagement.Collectors.Http;
using Engagement.Collectors.Storage;

namespace Engagement.Collectors.Status;

/// <summary>One tracked account as <c>GET /api/v1/collectors</c> shows it.</summary>
public sealed record CollectorAccountStatus(
    string Network,
    string Handle,
    string Brand,
    CollectorHealth Health,
    DateTimeOffset? LastSuccessAt,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    DateTimeOffset? NextRunAt,
    long PostsStored,
    long RequestsMade,
    long RateLimited,
    DateTimeOffset? NetworkPausedUntil,
    string? DisabledReason = null);

/// <summary>The collectors' view of every tracked account of the networks they serve.</summary>
public sealed class CollectorStatusQuery
{
    private readonly ICollectorStore _store;
    private readonly NetworkGates _gates;

    internal CollectorStatusQuery(ICollectorStore store, NetworkGates gates)
    {
        _store = store;
        _gates = gates;
    }

    /// <summary>Accounts by network then handle; one network only when given (ids as stored: lower-case).</summary>
    public async Task<IReadOnlyList<CollectorAccountStatus>> GetAsync(string? network = null, CancellationToken ct = default)
    {
        var accounts = await _store.ListAccountsAsync(network, brand: null, ct);
        var states = (await _store.ListStatesAsync(ct)).ToDictionary(s => (s.Network, s.Handle));
        return accounts
            .Where(a => CollectorNetworks.All.Contains(a.Network))
            .Select(a =>
            {
                var state = states.GetValueOrDefault((a.Network, a.Handle)) ?? new CollectorAccountState(a.Network, a.Handle);
                var disabled = _gates[a.Network].Options.DisabledReason;
                return new CollectorAccountStatus(
                    a.Network,
                    a.Handle,
                    a.Brand,
                    disabled is null ? state.Health : CollectorHealth.Disabled,
                    state.LastSuccessAt,
                    state.LastError,
                    state.LastErrorAt,
                    state.NextRunAt,
                    state.PostsStored,
                    state.RequestsMade,
                    state.RateLimited,
                    _gates[a.Network].PausedUntil,
                    disabled);
            })
            .ToList();
    }
}
