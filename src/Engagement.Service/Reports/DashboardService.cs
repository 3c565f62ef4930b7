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
/// and a slice. Collection freshness comes from <see cref="CollectionSummary"/>, so no page waits for it.
/// </summary>
public sealed class DashboardService(ReportService reports, CollectionSummary? collection, TimeProvider time)
{
    private readonly ConditionalWeakTable<ScoredSnapshot, string[]> _orders = [];

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
        var size = Math.Clamp(query.PageSize, 1, DashboardQuery.MaxPageSize);
        var (matching, ids) = Slice(Order(snapshot), id => Matches(current, id, query), Math.Max(query.Page, 1), size);
        var pages = Math.Max(1, (matching + size - 1) / size);
        var page = Math.Clamp(query.Page, 1, pages);
        if (ids.Count == 0 && matching > 0)
        {
            // Past the end: the last page.
            (_, ids) = Slice(Order(snapshot), id => Matches(current, id, query), page, size);
        }

        var rows = ids.Select(id =>
        {
            var score = snapshot.BrandScore(id);
            return new DashboardRow(id, Name(current.Brands, id), score.Score, score.Grade, score.Rank,
                previous?.Snapshot.BrandScore(id).Score,
                weeks.Select(i => trend.Scores[i].Of(id)).ToList(),
                snapshot.AccountsOf(id));
        }).ToList();
        return new Dashboard(current.Benchmark, current.Window, previous?.Window, snapshot.Result.Brands.Count, matching, page, pages,
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
        catch (ApiParameterException e) when (e.Parameter == "from")
        {
            // Only the earlier window's own start can be refused (out of range): any other error is real.
            return null;
        }
    }

    // One pass over the ranking: how many brands match, and the ids of the requested page only
    // (30,000 ids copied per request would be garbage for every page).
    private static (int Matching, List<string> Page) Slice(string[] order, Func<string, bool> matches, int page, int size)
    {
        var skip = (long)(page - 1) * size;
        var ids = new List<string>(size);
        var matching = 0;
        foreach (var id in order)
        {
            if (!matches(id))
            {
                continue;
            }

            if (matching >= skip && ids.Count < size)
            {
                ids.Add(id);
            }

            matching++;
        }

        return (matching, ids);
    }

    // Ranked brands by rank, then the unranked by id; computed once per scored snapshot.
    private string[] Order(ScoredSnapshot snapshot) => _orders.GetValue(snapshot, s => s.Result.Brands
        .OrderBy(b => b.Rank ?? int.MaxValue)
        .ThenBy(b => b.Brand, StringComparer.Ordinal)
        .Select(b => b.Brand)
        .ToArray());

    // The workspace's brands its key allows, narrowed by the search (id or name).
    private static bool Matches(Ranking ranking, string id, DashboardQuery query)
    {
        if (!ranking.Tracked.Contains(id) || query.Report.Brands is { } allowed && !allowed.Contains(id))
        {
            return false;
        }

        return string.IsNullOrWhiteSpace(query.Search)
            || id.Contains(query.Search.Trim(), StringComparison.OrdinalIgnoreCase)
            || Name(ranking.Brands, id).Contains(query.Search.Trim(), StringComparison.OrdinalIgnoreCase);
    }

    private static string Name(IReadOnlyDictionary<string, Brand> brands, string id) => brands.TryGetValue(id, out var brand) ? brand.Name : id;

    private async Task<IReadOnlyList<NetworkFreshness>> FreshnessAsync(CancellationToken ct)
    {
        if (collection is null)
        {
            return [];
        }

        var now = time.GetUtcNow();
        return (await collection.GetAsync(ct)).Where(n => n.Enabled).Select(n => Freshness(n, now)).ToList();
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
