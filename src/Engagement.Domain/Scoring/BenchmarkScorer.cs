namespace Engagement.Domain.Scoring;

/// <summary>
/// Scores measured accounts against the populations of their benchmark set (sections 7-9).
/// Every step sorts or binary-searches: the cost is O(N log N) in the number of accounts.
/// </summary>
public static class BenchmarkScorer
{
    private static readonly IReadOnlyList<Kpi> Kpis = KpiNames.Headline;

    // Distribution rows are ordered by KPI name, which is not the channel-sum order.
    private static readonly (Kpi Kpi, string Name)[] KpisByName =
        [.. KpiNames.Headline.Select(kpi => (kpi, KpiNames.Name(kpi))).OrderBy(k => k.Item2, StringComparer.Ordinal)];

    private static readonly double[] QuantileLevels = [0.10, 0.25, 0.50, 0.75, 0.90];

    /// <param name="measures">The measures of every account of the set's brands, in any order.</param>
    /// <param name="brandIds">Every brand of the set, with or without accounts.</param>
    public static BenchmarkResult Score(IEnumerable<AccountMeasures> measures, IEnumerable<string> brandIds)
    {
        var accounts = Ordered(measures);
        var populations = BuildPopulations(accounts);

        // Each account reads the sorted populations only: score them on every core.
        Parallel.For(0, accounts.Count, i => accounts[i] = accounts[i] with { Scores = ScoreAccount(accounts[i], populations) });
        return new BenchmarkResult(accounts, ScoreBrands(accounts, brandIds), Distribute(accounts, populations));
    }

    // By network, then brand, ties in the order given (a stable sort): each network's accounts are
    // sorted on a core of their own, by (brand, position given), and the networks laid end to end.
    private static List<AccountMeasures> Ordered(IEnumerable<AccountMeasures> measures)
    {
        var given = measures as AccountMeasures[] ?? measures.ToArray();
        var networks = new SortedDictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < given.Length; i++)
        {
            if (!networks.TryGetValue(given[i].Network, out var members))
            {
                members = [];
                networks[given[i].Network] = members;
            }

            members.Add(i);
        }

        var groups = networks.Values.Select(members => members.ToArray()).ToArray();
        Parallel.ForEach(groups, members => Array.Sort(members, (x, y) =>
            string.CompareOrdinal(given[x].Brand, given[y].Brand) is var order && order != 0 ? order : x.CompareTo(y)));
        var accounts = new List<AccountMeasures>(given.Length);
        foreach (var members in groups)
        {
            foreach (var i in members)
            {
                accounts.Add(given[i]);
            }
        }

        return accounts;
    }

    private static Dictionary<(string Network, Kpi Kpi), double[]> BuildPopulations(List<AccountMeasures> accounts)
    {
        var lists = new Dictionary<(string, Kpi), List<double>>();
        foreach (var account in accounts)
        {
            foreach (var kpi in Kpis)
            {
                if (account.SufficientValue(kpi) is { } value)
                {
                    var key = (account.Network, kpi);
                    if (!lists.TryGetValue(key, out var list))
                    {
                        list = [];
                        lists[key] = list;
                    }

                    list.Add(value);
                }
            }
        }

        // The (network, KPI) populations are independent: sort them on every core.
        var sorted = lists.Select(pair => (pair.Key, Values: pair.Value.ToArray())).ToArray();
        Parallel.ForEach(sorted, population => DoubleSort.Sort(population.Values));
        return sorted.ToDictionary(population => population.Key, population => population.Values);
    }

    private static KpiScores ScoreAccount(AccountMeasures account, Dictionary<(string, Kpi), double[]> populations)
    {
        double? Score(Kpi kpi) => account.SufficientValue(kpi) is { } value
            ? Statistics.PercentileScore(populations[(account.Network, kpi)], value)
            : null;

        double? impact = Score(Kpi.Impact);
        double? engagement = Score(Kpi.Engagement);
        double? responsiveness = Score(Kpi.Responsiveness);

        // The mean of the scores that exist, summed in the order impact, engagement, responsiveness.
        double sum = 0;
        int count = 0;
        foreach (var score in (ReadOnlySpan<double?>)[impact, engagement, responsiveness])
        {
            if (score is { } s)
            {
                sum += s;
                count++;
            }
        }

        return new KpiScores(impact, engagement, responsiveness, count == 0 ? null : sum / count);
    }

    private static List<BrandScore> ScoreBrands(List<AccountMeasures> accounts, IEnumerable<string> brandIds)
    {
        // Accounts are in (network, brand) order, so each brand's sums run in network-id order.
        var sums = new Dictionary<string, (double Weighted, long Effort)>(StringComparer.Ordinal);
        foreach (var brand in brandIds)
        {
            sums[brand] = (0.0, 0);
        }

        foreach (var account in accounts)
        {
            if (account.Scores.Channel is { } channel && account.Effort > 0 && sums.TryGetValue(account.Brand, out var sum))
            {
                sums[account.Brand] = (sum.Weighted + (account.Effort * channel), sum.Effort + account.Effort);
            }
        }

        var scores = sums
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => (Brand: pair.Key, Score: pair.Value.Effort > 0 ? pair.Value.Weighted / pair.Value.Effort : (double?)null))
            .ToList();

        var ranked = scores.Where(s => s.Score is not null).Select(s => s.Score!.Value).ToArray();
        DoubleSort.Sort(ranked);
        return scores
            .Select(s => new BrandScore(
                s.Brand,
                s.Score,
                Statistics.Grade(s.Score),
                s.Score is { } score ? 1 + ranked.Length - Statistics.UpperBound(ranked, score) : null))
            .ToList();
    }

    private static List<DistributionRow> Distribute(List<AccountMeasures> accounts, Dictionary<(string, Kpi), double[]> populations)
    {
        var rows = new List<DistributionRow>();
        foreach (var network in accounts.Select(a => a.Network).Distinct().Order(StringComparer.Ordinal))
        {
            foreach (var (kpi, name) in KpisByName)
            {
                var population = populations.GetValueOrDefault((network, kpi)) ?? [];
                var q = Array.ConvertAll(QuantileLevels, level => Statistics.Quantile(population, level));
                rows.Add(new DistributionRow(network, name, population.Length, q[0], q[1], q[2], q[3], q[4]));
            }
        }

        return rows;
    }
}
