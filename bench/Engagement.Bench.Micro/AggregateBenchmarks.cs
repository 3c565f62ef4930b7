using BenchmarkDotNet.Attributes;
using Engagement.Data.Store.Aggregates;
using Engagement.Domain.Model;
using Engagement.Domain.Scoring;

namespace Engagement.Bench.Micro;

/// <summary>
/// What a cold full report does per account after reading the store: decode its month, sum its
/// days into measures, score 90,000 accounts; and what a refresh does: encode a month.
/// </summary>
[MemoryDiagnoser]
public class AggregateBenchmarks
{
    private byte[][] _months = [];
    private MonthDays[] _decoded = [];
    private WindowData _window = null!;
    private AccountMeasures[] _measures = [];

    [GlobalSetup]
    public void Setup()
    {
        _decoded = [.. Population.Aggregates.Select(a => a.Months.Single(m => m.Month == MonthKey.Of(Population.From)))];
        _months = [.. _decoded.Select(MonthCodec.Encode)];
        var accounts = Population.Accounts.Zip(Population.Aggregates, (a, g) => new TrackedAccount(a, g.Summary)).ToList();
        _window = Window(accounts, _decoded);
        _measures = MeasureAll();
    }

    [Benchmark(Description = "encode 90,000 account-months")]
    public int Encode() => _decoded.Sum(m => MonthCodec.Encode(m).Length);

    [Benchmark(Description = "decode 90,000 account-months")]
    public int Decode() => _months.Select((data, i) => MonthCodec.Decode(_decoded[i].Month, data)).Sum(m => m.Totals.Length);

    [Benchmark(Description = "measure 90,000 accounts over 30 days")]
    public AccountMeasures[] MeasureAll()
    {
        var measures = new AccountMeasures[_window.Accounts.Count];
        for (var i = 0; i < measures.Length; i++)
        {
            measures[i] = _window.Measure(i, Population.Window, SufficiencySettings.Default);
        }

        return measures;
    }

    [Benchmark(Description = "score 90,000 accounts (BenchmarkScorer)")]
    public BenchmarkResult Score() => BenchmarkScorer.Score(_measures, Population.Brands.Select(b => b.Id));

    // The window's arrays as WindowBuilder lays them out: account after account, 30 days each.
    private static WindowData Window(List<TrackedAccount> accounts, MonthDays[] months)
    {
        var days = Population.Window.Days;
        var totals = new DayTotals[accounts.Count * days];
        var followers = new long[accounts.Count * days];
        var delays = new List<long>();
        var start = new int[(accounts.Count * days) + 1];
        for (var i = 0; i < accounts.Count; i++)
        {
            for (var d = 0; d < days; d++)
            {
                var cell = (i * days) + d;
                totals[cell] = months[i].Totals[d];
                followers[cell] = months[i].Followers?[d] ?? -1;
                start[cell] = delays.Count;
                delays.AddRange(months[i].Delays[d]);
            }
        }

        start[^1] = delays.Count;
        return new WindowData(Population.Window.From, Population.Window.To, accounts, totals, followers, [.. delays], start);
    }
}
