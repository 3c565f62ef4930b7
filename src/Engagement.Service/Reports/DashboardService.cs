using System.Runtime.CompilerServices;
using Engagement.Collectors.Status;
using Engagement.Domain.Model;
using Engagement.Domain.Scoring;
using Engagement.Service.Api;

namespace Engagement.Service.Reports;

/// <summary>
/// The dashboard over <see cref="ReportService"/>: the benchmark set scored over the window and
/// over the window before it, and its weekly brand scores, all from the report path's cached
/// snapshots; the ranking is ordered once per snapshot, so a page of 30,000 brands costs a filter
/// and a slice. Collection freshness is read at most every <see cref="FreshnessTtl"/>, in the
/// background once known, so no page waits for it.
/// </summary>
public sealed class DashboardService(ReportService reports, CollectorStatusQuery? collectors, TimeProvider time)
{
    /// <summary>How long the collection summary is served before it is read again.</summary>
    public static readonly TimeSpan FreshnessTtl = TimeSpan.FromSeconds(30);

    private readonly ConditionalWeakTable<ScoredSnapshot, string[]> _orders = [];
    private readonly Lock _freshnessLock = new();
    private (DateTimeOffset At, IReadOnlyList<NetworkFreshness> Value)? _freshness;
    private Task? _refreshing;

    public async Task<Dashboard> GetAsync(DashboardQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var current = await reports.RankingAsync(query.Report, ct);
        var previous = await PreviousAsync(current, query.Report, ct);
        var trend = await reports.BrandScoreTrendAsync(null, TrendGranularity.Week,
            query.Report with { From = current.Window.From, To = current.Window.To }, ct);
        // A partial week would be drawn like a full one: the sparkline keeps full weeks only.
        var weeks = Enumerable.Range(0, trend.Buckets.Count).Where(i => trend.Buckets[i].Days == 7).ToList();

        var snapshot = current.Snapshot;
        var matching = Order(snapshot).Where(id => Matches(current.Brands, id, query)).ToList();
        var size = Math.Clamp(query.PageSize, 1, DashboardQuery.MaxPageSize);
        var pages = Math.Max(1, (matching.Count + size - 1) / size);
        var page = Math.Clamp(query.Page, 1, pages);
        var rows = matching.Skip((page - 1) * size).Take(size).Select(id =>
        {
            var score = snapshot.BrandScore(id);
            return new DashboardRow(id, Name(current.Brands, id), score.Score, score.Grade, score.Rank,
                previous?.Snapshot.BrandScore(id).Score,
                weeks.Select(i => trend.Scores[i].Of(id)).ToList(),
                snapshot.AccountsOf(id));
        }).ToList();
        return new Dashboard(current.Benchmark, current.Window, previous?.Window, snapshot.Result.Brands.Count, matching.Count, page, pages,
            weeks.Select(i => trend.Buckets[i]).ToList(), rows, await FreshnessAsync(ct));
    }

    // The window of the same length just before; none when it would start before the earliest accepted day.
    private async Task<Ranking?> PreviousAsync(Ranking current, ReportQuery query, CancellationToken ct)
    {
        var from = current.Window.From.AddDays(-current.Window.Days);
        try
        {
            return await reports.RankingAsync(query with { From = from, To = current.Window.From }, ct);
        }
        catch (ApiParameterException)
        {
            return null;
        }
    }

    // Ranked brands by rank, then the unranked by id; computed once per scored snapshot.
    private string[] Order(ScoredSnapshot snapshot) => _orders.GetValue(snapshot, s => s.Result.Brands
        .OrderBy(b => b.Rank ?? int.MaxValue)
        .ThenBy(b => b.Brand, StringComparer.Ordinal)
        .Select(b => b.Brand)
        .ToArray());

    private static bool Matches(IReadOnlyDictionary<string, Brand> brands, string id, DashboardQuery query)
    {
        if (query.Brands is { } allowed && !allowed.Contains(id))
        {
            return false;
        }

        return string.IsNullOrWhiteSpace(query.Search)
            || id.Contains(query.Search.Trim(), StringComparison.OrdinalIgnoreCase)
            || Name(brands, id).Contains(query.Search.Trim(), StringComparison.OrdinalIgnoreCase);
    }

    private static string Name(IReadOnlyDictionary<string, Brand> brands, string id) => brands.TryGetValue(id, out var brand) ? brand.Name : id;

    private async Task<IReadOnlyList<NetworkFreshness>> FreshnessAsync(CancellationToken ct)
    {
        if (collectors is null)
        {
            return [];
        }

        var now = time.GetUtcNow();
        lock (_freshnessLock)
        {
            if (_freshness is { } known)
            {
                if (now - known.At > FreshnessTtl && _refreshing is null or { IsCompleted: true })
                {
                    // In the background, for every later page: no caller's token.
                    _refreshing = RefreshAsync(CancellationToken.None);
                }

                return known.Value;
            }
        }

        await RefreshAsync(ct);
        return _freshness?.Value ?? [];
    }

    private async Task RefreshAsync(CancellationToken ct)
    {
        var networks = await collectors!.NetworksAsync(ct);
        var now = time.GetUtcNow();
        var value = networks.Where(n => n.Enabled).Select(n => Freshness(n, now)).ToList();
        lock (_freshnessLock)
        {
            _freshness = (now, value);
        }
    }

    private static NetworkFreshness Freshness(NetworkCollectionStatus network, DateTimeOffset now)
    {
        if (network.DisabledReason is { } disabled)
        {
            return new(network.Network, network.Accounts, network.LastSuccessAt, true, $"not collected: {disabled}");
        }

        if (network.LastSuccessAt is not { } last)
        {
            return new(network.Network, network.Accounts, null, true, "no successful collection yet");
        }

        var stale = now - last > 2 * network.Interval;
        return new(network.Network, network.Accounts, last, stale,
            stale ? $"last successful collection {last:yyyy-MM-dd HH:mm} UTC, more than {(2 * network.Interval).TotalHours:0.#} h ago" : "up to date");
    }
}
