using Engagement.Collectors.Http;
using Engagement.Collectors.Storage;
using Engagement.Domain.Model;

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

/// <summary>
/// A collected network as a whole: its tracked accounts, the latest successful run among them,
/// how often it runs, and whether it runs at all (switched off, or the reason it cannot).
/// </summary>
public sealed record NetworkCollectionStatus(
    string Network, int Accounts, DateTimeOffset? LastSuccessAt, TimeSpan Interval, bool Enabled, string? DisabledReason, DateTimeOffset? PausedUntil);

/// <summary>The collectors' view of every tracked account of the networks they serve: the API's and the pages' one source.</summary>
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
            .Where(a => CollectorNetworks.IsCollected(a.Network))
            .Select(a => Status(a, states.GetValueOrDefault((a.Network, a.Handle))))
            .ToList();
    }

    /// <summary>
    /// Up to <paramref name="limit"/> accounts after <paramref name="after"/> (network, handle), in that
    /// order; the same rows as <see cref="GetAsync"/> without reading every account (a page of the web app).
    /// </summary>
    public async Task<IReadOnlyList<CollectorAccountStatus>> PageAsync(
        string? network, (string Network, string Handle)? after, int limit, CancellationToken ct = default)
    {
        var page = new List<CollectorAccountStatus>(limit);
        var position = after;
        while (page.Count < limit)
        {
            // CSV-only networks sit between collected ones in the order: skip their rows.
            var rows = await _store.ListStatusPageAsync(network, position, limit, ct);
            page.AddRange(rows.Where(r => CollectorNetworks.IsCollected(r.Account.Network)).Select(r => Status(r.Account, r.State)).Take(limit - page.Count));
            if (rows.Count < limit)
            {
                break;
            }

            position = (rows[^1].Account.Network, rows[^1].Account.Handle);
        }

        return page;
    }

    /// <summary>One brand's collected accounts (its onboarding progress).</summary>
    public async Task<IReadOnlyList<CollectorAccountStatus>> ForBrandAsync(string brand, CancellationToken ct = default)
    {
        var statuses = new List<CollectorAccountStatus>();
        foreach (var account in await _store.ListAccountsAsync(network: null, brand, ct))
        {
            if (CollectorNetworks.IsCollected(account.Network))
            {
                statuses.Add(Status(account, await _store.GetStateAsync(account.Network, account.Handle, ct)));
            }
        }

        return statuses;
    }

    /// <summary>Every collected network with tracked accounts, in the collectors' order.</summary>
    public async Task<IReadOnlyList<NetworkCollectionStatus>> NetworksAsync(CancellationToken ct = default)
    {
        var activity = (await _store.SummarizeAsync(ct)).ToDictionary(a => a.Network, StringComparer.Ordinal);
        return CollectorNetworks.All
            .Where(activity.ContainsKey)
            .Select(network =>
            {
                var gate = _gates[network];
                var seen = activity[network];
                return new NetworkCollectionStatus(network, seen.Accounts, seen.LastSuccessAt, gate.Options.Interval, gate.Options.Enabled,
                    gate.Options.DisabledReason, gate.PausedUntil);
            })
            .ToList();
    }

    private CollectorAccountStatus Status(Account account, CollectorAccountState? stored)
    {
        var state = stored ?? new CollectorAccountState(account.Network, account.Handle);
        var gate = _gates[account.Network];
        var disabled = gate.Options.DisabledReason;
        return new CollectorAccountStatus(
            account.Network,
            account.Handle,
            account.Brand,
            disabled is null ? state.Health : CollectorHealth.Disabled,
            state.LastSuccessAt,
            state.LastError,
            state.LastErrorAt,
            state.NextRunAt,
            state.PostsStored,
            state.RequestsMade,
            state.RateLimited,
            gate.PausedUntil,
            disabled);
    }
}
