using Engagement.Collectors.Status;

namespace Engagement.Service.Reports;

/// <summary>
/// The collected networks as a whole (<see cref="CollectorStatusQuery.NetworksAsync"/>: accounts,
/// latest success, interval), read at most every <see cref="MaxAge"/> and refreshed in the
/// background once known: counting every tracked account per network is a scan of the accounts,
/// which no page should wait for at every request.
/// </summary>
public sealed class CollectionSummary(CollectorStatusQuery status, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private (DateTimeOffset At, IReadOnlyList<NetworkCollectionStatus> Networks)? _known;
    private Task? _refreshing;

    public async Task<IReadOnlyList<NetworkCollectionStatus>> GetAsync(CancellationToken ct)
    {
        lock (_lock)
        {
            if (_known is { } known)
            {
                if (time.GetUtcNow() - known.At > MaxAge && _refreshing is null or { IsCompleted: true })
                {
                    // For the next pages, not this one: no caller's token.
                    _refreshing = RefreshAsync(CancellationToken.None);
                }

                return known.Networks;
            }
        }

        return await RefreshAsync(ct);
    }

    private async Task<IReadOnlyList<NetworkCollectionStatus>> RefreshAsync(CancellationToken ct)
    {
        var networks = await status.NetworksAsync(ct);
        lock (_lock)
        {
            _known = (time.GetUtcNow(), networks);
        }

        return networks;
    }
}
