using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Engagement.Data.Store.Deliveries;
using Engagement.Domain.Scheduling;
using Engagement.Domain.Scoring;
using Engagement.Service.Api;
using Engagement.Service.Pages;
using Engagement.Service.Reports;

namespace Engagement.Service.Deliveries;

/// <summary>
/// What one run of a schedule sends: the comparison of its brands against its benchmark for the
/// period, as the report CSV (the API's) and as the compare page printed to PDF, and the event
/// that describes them (the webhook's JSON, the e-mail's text).
/// </summary>
public sealed class ScheduledReport(ReportService reports, PdfPrinter printer, IServiceProvider services)
{
    public const string CsvType = "text/csv; charset=utf-8";
    public const string PdfType = "application/pdf";

    /// <summary>The run's files and one delivery per target.</summary>
    public async Task<(IReadOnlyList<RunFile> Files, IReadOnlyList<NewDelivery> Deliveries)> RenderAsync(
        Schedule schedule, SchedulePeriod period, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(period);
        var parameters = new ReportParameters { From = Day(period.From), To = Day(period.To), Benchmark = schedule.Benchmark };
        // The schedule's workspace: its brands, and its peer sets for peers:NAME.
        var query = parameters.ToQuery() with { Workspace = schedule.Workspace };
        var report = await reports.CompareAsync(schedule.Brands, query, ct);
        var stem = $"{schedule.Name}-{period.Key}";
        var files = new List<RunFile>();
        if (schedule.Formats.Contains("csv"))
        {
            using var text = new StringWriter(CultureInfo.InvariantCulture);
            ReportCsv.Write(text, report.Window, report.Benchmark, report.Rows);
            files.Add(new RunFile($"{stem}.csv", CsvType, Encoding.UTF8.GetBytes(text.ToString())));
        }

        if (schedule.Formats.Contains("pdf"))
        {
            var page = await PageEndpoints.ComparePageAsync(schedule.Brands, null, parameters, query, reports, ct);
            var html = await PageHtml.RenderAsync(page, services, user: null, ct);
            files.Add(new RunFile($"{stem}.pdf", PdfType, await printer.PrintAsync(html, ct)));
        }

        var summary = $"Engagement report '{schedule.Name}' for {period.Key} ({Day(period.From)} to {Day(period.To)}, benchmark {report.Benchmark}):\n"
            + string.Join('\n', report.Brands.Select(b => $"  {b.Brand}: score {Score(b.Score)}, grade {b.Grade ?? "-"}, rank {b.Rank?.ToString(CultureInfo.InvariantCulture) ?? "unranked"}"));
        var payload = JsonSerializer.Serialize(
            new ReportEvent(
                "report",
                schedule.Workspace,
                new EventSource(schedule.Id, schedule.Name),
                period.Key,
                Day(period.From),
                Day(period.To),
                report.Benchmark,
                report.Brands,
                files.Select(f => new EventFile(f.Name, f.ContentType, f.Content.Length, Convert.ToHexStringLower(SHA256.HashData(f.Content)))).ToList(),
                summary),
            DeliveryJson.Options);
        var subject = $"Engagement report {schedule.Name} {period.Key}";
        return (files, Targets(schedule.Targets, "report", schedule.SigningSecret, subject, payload));
    }

    /// <summary>One delivery per target: the webhook, then each address.</summary>
    public static IReadOnlyList<NewDelivery> Targets(DeliveryTargets targets, string kind, string secret, string subject, string payload)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var list = new List<NewDelivery>();
        if (targets.WebhookUrl is { } url)
        {
            list.Add(new NewDelivery(kind, "webhook", url, secret, subject, payload));
        }

        list.AddRange(targets.Emails.Select(address => new NewDelivery(kind, "email", address, secret, subject, payload)));
        return list;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Score(double? score) => score?.ToString("0.#", CultureInfo.InvariantCulture) ?? "-";
}

/// <summary>The JSON of a report delivery (docs/deliveries.md).</summary>
public sealed record ReportEvent(
    string Type,
    string Workspace,
    EventSource Schedule,
    string Period,
    string From,
    string To,
    string Benchmark,
    IReadOnlyList<BrandScore> Brands,
    IReadOnlyList<EventFile> Files,
    string Summary);

public sealed record EventSource(long Id, string Name);

public sealed record EventFile(string Name, string ContentType, int Size, string Sha256);

internal static class DeliveryJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
