namespace Engagement.Domain.Scoring;

/// <summary>
/// Scores measured accounts against the populations of their benchmark set (sections 7-9).
/// Every step sorts or binary-searches: the cost is O(N log N) in the number of accounts.
/// </summary>
public static class BenchmarkScorer
{
    private static readonly IReadOnlyList<Kpi> Kpis = KpiNames.Headline;

    // Distribution rows are ordered by KPI name, which is not the channel-sum order: each KPI's
    // position in Kpis (where its population is), by name.
    private static readonly (int Index, string Name)[] KpisByName =
        [.. Enumerable.Range(0, Kpis.Count).Select(i => (i, KpiNames.Name(Kpis[i]))).OrderBy(k => k.Item2, StringComparer.Ordinal)];

    private static readonly double[] QuantileLevels = [0.10, 0.25, 0.50, 0.75, 0.90];

    /// <param name="measures">The measures of every account of the set's brands, in any order.</param>
    /// <param name="brandIds">Every brand of the set, with or without accounts.</param>
    public static BenchmarkResult Score(IEnumerable<AccountMeasures> measures, IEnumerable<string> brandIds)
    {
        var networks = Ordered(measures);

        // The (network, KPI) populations are independent: collected in account order and sorted
        // on every core. Then each account reads its network's three arrays only, no dictionary.
        var populations = new double[networks.Length * Kpis.Count][];
        Parallel.For(0, populations.Length, p =>
        {
            var kpi = Kpis[p % Kpis.Count];
            var values = new List<double>();
            foreach (var account in networks[p / Kpis.Count])
            {
                if (account.SufficientValue(kpi) is { } value)
                {
                    values.Add(value);
                }
            }

            var sorted = values.ToArray();
            DoubleSort.Sort(sorted);
            populations[p] = sorted;
        });

        var accounts = new List<AccountMeasures>(networks.Sum(network => network.Length));
        for (var n = 0; n < networks.Length; n++)
        {
            var own = populations.AsSpan(n * Kpis.Count, Kpis.Count).ToArray();
            var network = networks[n];
            Parallel.For(0, network.Length, i => network[i] = network[i] with { Scores = ScoreAccount(network[i], own) });
            accounts.AddRange(network);
        }

        return new BenchmarkResult(accounts, ScoreBrands(accounts, brandIds), Distribute(networks, populations));
    }

    // Per network (in ordinal order), the accounts by brand, ties in the order given (a stable
    // sort): each network's accounts are sorted on a core of their own, by (brand, position given).
    private static AccountMeasures[][] Ordered(IEnumerable<AccountMeasures> measures)
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
        var ordered = new AccountMeasures[groups.Length][];
        Parallel.For(0, groups.Length, g =>
        {
            var members = groups[g];
            Array.Sort(members, (x, y) =>
                string.CompareOrdinal(given[x].Brand, given[y].Brand) is var order && order != 0 ? order : x.CompareTo(y));
            ordered[g] = Array.ConvertAll(members, i => given[i]);
        });
        return ordered;
    }

    // populations: the account's network's, in the order of Kpis.
    private static KpiScores ScoreAccount(AccountMeasures account, double[][] populations)
    {
        double? impact = Percentile(populations[0], account.SufficientValue(Kpis[0]));
        double? engagement = Percentile(populations[1], account.SufficientValue(Kpis[1]));
        double? responsiveness = Percentile(populations[2], account.SufficientValue(Kpis[2]));

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

    private static double? Percentile(double[] population, double? value) =>
        value is { } v ? Statistics.PercentileScore(population, v) : null;

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

    // networks in ordinal order, each with its populations in the order of Kpis (empty when no account has the KPI).
    private static List<DistributionRow> Distribute(AccountMeasures[][] networks, double[][] populations)
    {
        var rows = new List<DistributionRow>(populations.Length);
        for (var n = 0; n < networks.Length; n++)
        {
            var network = networks[n][0].Network;
            foreach (var (index, name) in KpisByName)
            {
                var population = populations[(n * Kpis.Count) + index];
                var q = Array.ConvertAll(QuantileLevels, level => Statistics.Quantile(population, level));
                rows.Add(new DistributionRow(network, name, population.Length, q[0], q[1], q[2], q[3], q[4]));
            }
        }

        return rows;
    }
}
