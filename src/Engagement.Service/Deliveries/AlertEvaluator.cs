using System.Globalization;
using System.Text.Json;
using Engagement.Data.Store;
using Engagement.Data.Store.Deliveries;
using Engagement.Domain.Model;
using Engagement.Domain.Scoring;
using Engagement.Service.Api;
using Engagement.Service.Reports;

namespace Engagement.Service.Deliveries;

/// <summary>
/// Evaluates every alert rule after new data is committed (an import, a collector pass). "Week
/// over week" compares the last 7 days of data (ending the day after the benchmark set's latest
/// post) with the 7 days before. An occurrence is keyed by the rule and what fired: kind, brand,
/// that week's end and, for overtaken, the competitor (<see cref="AlertOccurrences.Key"/>), so
/// re-evaluating the same data never fires it twice, and a rule edited to watch something else does.
/// </summary>
public sealed class AlertEvaluator(AlertRepository rules, ReportService reports, ILogger<AlertEvaluator> log) : IStoreChangeListener
{
    public async Task StoreChangedAsync(string cause, CancellationToken ct)
    {
        try
        {
            await EvaluateAsync(ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // The data is committed whatever happens here; the next change evaluates again.
            log.LogError(e, "Alert rules could not be evaluated after {Cause}", cause);
        }
    }

    /// <summary>Evaluates every rule of every workspace; returns how many alerts fired.</summary>
    public async Task<int> EvaluateAsync(CancellationToken ct)
    {
        var fired = 0;
        foreach (var rule in await rules.ListAsync(workspace: null, ct))
        {
            try
            {
                foreach (var alert in await OccurrencesAsync(rule, ct))
                {
                    var payload = JsonSerializer.Serialize(alert with { Workspace = rule.Workspace, Rule = new EventSource(rule.Id, rule.Name), Kind = rule.Kind }, DeliveryJson.Options);
                    var deliveries = ScheduledReport.Targets(rule.Targets, "alert", rule.SigningSecret, $"Engagement alert {rule.Name}: {rule.Brand}", payload);
                    if (await rules.FireAsync(rule, alert.Occurrence, payload, deliveries, ct))
                    {
                        log.LogInformation("Alert {Rule} ({Name}) fired: {Summary}", rule.Id, rule.Name, alert.Summary);
                        fired++;
                    }
                }
            }
            catch (DomainException e)
            {
                // A brand deleted or outside the benchmark since the rule was made: the others go on.
                log.LogWarning("Alert rule {Rule} ({Name}) cannot be evaluated: {Reason}", rule.Id, rule.Name, e.Message);
            }
        }

        return fired;
    }

    private async Task<IReadOnlyList<AlertEvent>> OccurrencesAsync(AlertRule rule, CancellationToken ct)
    {
        var brands = new[] { rule.Brand }.Concat(rule.Competitors).ToList();
        var latest = await reports.CompareAsync(brands, Query(rule, null, null), ct);
        var end = latest.Window.To;
        var current = await reports.CompareAsync(brands, Query(rule, end.AddDays(-7), end), ct);
        var previous = await reports.CompareAsync(brands, Query(rule, end.AddDays(-14), end.AddDays(-7)), ct);
        var week = Day(end);
        var now = current.Brands[0];
        var before = previous.Brands[0];
        var alert = new AlertEvent(
            "alert", "", new EventSource(0, ""), "", rule.Brand, AlertOccurrences.Key(rule.Kind, rule.Brand, week), Day(end.AddDays(-7)), Day(end), rule.Threshold, "", new Dictionary<string, double?>());
        switch (rule.Kind)
        {
            case AlertKinds.ScoreDrop when before.Score is { } was && now.Score is { } @is && was - @is >= rule.Threshold:
                return [alert with
                {
                    Summary = $"{rule.Brand}'s score fell by {Num(was - @is)} points week over week ({Num(was)} to {Num(@is)}; rule: {Num(rule.Threshold)} or more)",
                    Numbers = new Dictionary<string, double?> { ["previousScore"] = was, ["currentScore"] = @is, ["drop"] = was - @is },
                }];
            case AlertKinds.ResponsivenessBelow:
                var rows = current.Rows.Where(r => r.Brand == rule.Brand).ToList();
                var asked = rows.Sum(r => r.Measures.UserPosts);
                var answered = rows.Sum(r => r.Measures.AnsweredUserPosts);
                var percent = asked == 0 ? (double?)null : 100.0 * answered / asked;
                return percent is { } share && share < rule.Threshold
                    ? [alert with
                    {
                        Summary = $"{rule.Brand} answered {Num(share)} % of its users' posts over the week ending {week} ({answered} of {asked}; rule: below {Num(rule.Threshold)} %)",
                        Numbers = new Dictionary<string, double?> { ["responsivenessPercent"] = share, ["userPosts"] = asked, ["answeredUserPosts"] = answered },
                    }]
                    : [];
            case AlertKinds.Overtaken:
                return current.Brands.Skip(1)
                    .Select(competitor => (Now: competitor, Before: previous.Brands.Single(b => b.Brand == competitor.Brand)))
                    .Where(c => Overtook(c.Before, before, c.Now, now))
                    .Select(c => alert with
                    {
                        Occurrence = AlertOccurrences.Key(rule.Kind, rule.Brand, week, c.Now.Brand),
                        Summary = $"{c.Now.Brand} overtook {rule.Brand} in rank over the week ending {week} (rank {c.Before.Rank} to {c.Now.Rank}; {rule.Brand}: {before.Rank} to {now.Rank})",
                        Numbers = new Dictionary<string, double?>
                        {
                            ["brandPreviousRank"] = before.Rank, ["brandCurrentRank"] = now.Rank, ["competitorPreviousRank"] = c.Before.Rank, ["competitorCurrentRank"] = c.Now.Rank,
                            ["brandCurrentScore"] = now.Score, ["competitorCurrentScore"] = c.Now.Score,
                        },
                    })
                    .ToList();
            default:
                return [];
        }
    }

    // Ranks: 1 is the best. The competitor was behind the brand and is now ahead of it.
    private static bool Overtook(BrandScore competitorBefore, BrandScore brandBefore, BrandScore competitorNow, BrandScore brandNow) =>
        competitorBefore.Rank is { } cb && brandBefore.Rank is { } bb && competitorNow.Rank is { } cn && brandNow.Rank is { } bn && cb > bb && cn < bn;

    private static ReportQuery Query(AlertRule rule, DateOnly? from, DateOnly? to) =>
        new ReportParameters { From = from is { } f ? Day(f) : null, To = to is { } t ? Day(t) : null, Benchmark = rule.Benchmark }.ToQuery()
            with { Workspace = rule.Workspace };

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Num(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>The JSON of an alert delivery (docs/deliveries.md): what fired, and the numbers that made it fire.</summary>
public sealed record AlertEvent(
    string Type,
    string Workspace,
    EventSource Rule,
    string Kind,
    string Brand,
    string Occurrence,
    string From,
    string To,
    double Threshold,
    string Summary,
    IReadOnlyDictionary<string, double?> Numbers);
